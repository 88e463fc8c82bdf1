package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A gradient penalty on the discriminator, added to its loss: with {@code g(x) = grad_x D(x)} the
 * gradient of D's logit at a point x,
 *
 * <pre>
 *   R1, R2:          gamma / 2 * E ||g(x)||^2        at real (R1) or generated (R2) samples
 *   WGAN-GP, DRAGAN: lambda * E (||g(x)|| - 1)^2     at interpolates (WGAN-GP) or perturbed
 *                                                    real samples (DRAGAN)
 * </pre>
 *
 * (Mescheder et al. 2018, equations 9 and 10; Gulrajani et al. 2017, equation 3; Kodali et al.
 * 2017, section 4). The expectation is the mean over D's outputs: one per sample, or one per pack
 * of m samples for a packed D, whose input (the m samples side by side) is then the point whose
 * gradient norm counts. Labels of a conditional D are passed through unchanged and are not
 * differentiated.
 *
 * <p>Lazy regularisation (StyleGAN2): with {@code every = N} the term is computed in the 1st,
 * (N+1)-th, ... D update only, weighted {@code N * weight}; the other updates add 0.
 *
 * <p>Random numbers (WGAN-GP's e ~ U[0, 1) per sample, DRAGAN's u ~ U[0, 1) per element) are drawn
 * on the host, so every engine sees the same, from a stream derived from the run's seed and the
 * index of the D update, so that a resumed run draws exactly what an uninterrupted one would from
 * the one counter {@value #UPDATES} in {@code trainer.json}.
 *
 * <p>The mean of the unweighted penalty ({@code E ||g||^2 / 2} or {@code E (||g|| - 1)^2}) over
 * the updates that applied it is summed on the engine and read back by {@link #drainMean()}.
 *
 * @see <a href="https://arxiv.org/abs/1801.04406">Mescheder et al. 2018</a>
 * @see <a href="https://arxiv.org/abs/1704.00028">Gulrajani et al. 2017</a>
 * @see <a href="https://arxiv.org/abs/1705.07215">Kodali et al. 2017</a>
 * @see <a href="https://arxiv.org/abs/1912.04958">Karras et al. 2020, appendix B</a>
 */
public final class GradientPenalty implements DiscriminatorRegularizer {

    /** The counter of D updates seen so far, as checkpoints name it. */
    public static final String UPDATES = "penaltyUpdates";

    /** DRAGAN's perturbation scale c: x + c * std(x) * u (Kodali et al. 2017). */
    public static final float DRAGAN_SCALE = 0.5f;

    private final PenaltyConfig config;
    private final InputGradients gradients;
    private final List<Parameter> parameters;
    private final long seed;
    private final NDManager manager;
    private NDArray sum;
    private long updates;
    private long applied;

    /**
     * Creates the penalty; {@link GradientPenalties#create} also checks that the engine can
     * compute it for the discriminator.
     *
     * @param config the penalty, its weight and N
     * @param gradients the engine's input gradients
     * @param parameters D's parameters that learn
     * @param seed the seed of the penalty's random stream
     * @param parent a manager on D's device; the running sum lives in a sub-manager of it
     */
    GradientPenalty(
            PenaltyConfig config,
            InputGradients gradients,
            List<Parameter> parameters,
            long seed,
            NDManager parent) {
        this.config = config;
        this.gradients = gradients;
        this.parameters = List.copyOf(parameters);
        this.seed = seed;
        this.manager = parent.newSubManager();
        this.manager.setName("gradientPenalty");
        this.sum = manager.zeros(new Shape());
    }

    /**
     * Returns the configuration.
     *
     * @return the penalty, its weight and N
     */
    public PenaltyConfig config() {
        return config;
    }

    @Override
    public NDArray penalty(
            Function<NDList, NDArray> discriminator,
            NDList real,
            NDList fake,
            NDArray realLogits,
            NDArray fakeLogits) {
        long update = updates++;
        if (update % config.every() != 0) {
            return realLogits.getManager().zeros(new Shape());
        }
        NDArray value = unweighted(discriminator, real, fake, update);
        sum.addi(value.stopGradient());
        applied++;
        return value.mul((float) config.appliedWeight());
    }

    /**
     * Computes the unweighted penalty at the points of its kind.
     *
     * @param discriminator D in training mode
     * @param real D's real input as judged
     * @param fake D's generated input as judged
     * @param update the index of this D update, from 0
     * @return {@code E ||g||^2 / 2} or {@code E (||g|| - 1)^2}, a scalar on the collector's graph
     */
    NDArray unweighted(
            Function<NDList, NDArray> discriminator, NDList real, NDList fake, long update) {
        NDArray x = points(real.head(), fake.head(), update).duplicate();
        x.setRequiresGradient(true);
        NDList input = new NDList(x);
        input.addAll(real.subNDList(1));
        NDArray logits = discriminator.apply(input);
        NDArray gradient = gradients.gradient(logits, x, parameters);
        return of(config.kind(), gradient, logits.getShape().get(0));
    }

    /**
     * The penalty of a kind from the input gradient.
     *
     * @param kind the penalty
     * @param gradient {@code g}, shape {@code (batch, ...)}
     * @param rows the number of D outputs (samples, or packs of them)
     * @return the scalar {@code mean ||g||^2 / 2} or {@code mean (||g|| - 1)^2}
     */
    static NDArray of(PenaltyKind kind, NDArray gradient, long rows) {
        NDArray squaredNorms = gradient.reshape(rows, -1).square().sum(new int[] {1});
        if (kind.unitNorm()) {
            return squaredNorms.sqrt().sub(1f).square().mean();
        }
        return squaredNorms.mean().mul(0.5f);
    }

    /** Where the gradient is taken: real or generated samples, interpolates, perturbed reals. */
    private NDArray points(NDArray real, NDArray fake, long update) {
        switch (config.kind()) {
            case R1:
                return real;
            case R2:
                return fake;
            case WGAN_GP:
                // e * real + (1 - e) * fake, one e per sample
                long[] perSample = new long[real.getShape().dimension()];
                Arrays.fill(perSample, 1);
                perSample[0] = real.getShape().get(0);
                NDArray e = uniform(real.getManager(), new Shape(perSample), update);
                return fake.add(real.sub(fake).mul(e));
            case DRAGAN:
                // real + 0.5 * std(real) * u, one u per element, std over the whole minibatch
                NDArray u = uniform(real.getManager(), real.getShape(), update);
                NDArray std = real.sub(real.mean()).square().mean().sqrt();
                return real.add(u.mul(std.mul(DRAGAN_SCALE)));
            default:
                throw new IllegalStateException("unknown penalty " + config.kind());
        }
    }

    /** U[0, 1) values for one D update, from a stream keyed by the seed and the update's index. */
    private NDArray uniform(NDManager target, Shape shape, long update) {
        SplittableRandom random = new SplittableRandom(seed ^ (update * 0x9E3779B97F4A7C15L));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return target.create(values, shape);
    }

    /**
     * Reads back the mean of the unweighted penalty over the updates that applied it since the
     * last call, and starts a new interval. This waits for the engine: call it at the log interval.
     *
     * @return the mean, NaN if no update applied the penalty since the last call
     */
    public double drainMean() {
        if (applied == 0) {
            return Double.NaN;
        }
        double mean = sum.getFloat() / (double) applied;
        sum.close();
        sum = manager.zeros(new Shape());
        applied = 0;
        return mean;
    }

    /** The {@code metrics.csv} column of the mean unweighted penalty ({@link #logValues}). */
    public static final String LOG_COLUMN = "penalty";

    /**
     * Returns the mean unweighted penalty since the last log interval ({@link #drainMean}) as the
     * {@value #LOG_COLUMN} column of {@code metrics.csv}.
     *
     * @return the value by column name
     */
    @Override
    public Map<String, Double> logValues() {
        return Map.of(LOG_COLUMN, drainMean());
    }

    @Override
    public Map<String, Long> positions() {
        return Map.of(UPDATES, updates);
    }

    @Override
    public void resumeAt(Map<String, Long> positions) {
        updates = positions.getOrDefault(UPDATES, 0L);
    }

    @Override
    public void close() {
        manager.close();
    }
}
