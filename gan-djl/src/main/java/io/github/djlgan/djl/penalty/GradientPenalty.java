package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;

import java.util.Arrays;
import java.util.Map;
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
 * <p>{@code ||g||^2} comes from a {@link GradientNorms}: exactly, by double backpropagation, or
 * for R1 and R2 estimated without it ({@link FiniteDifferenceGradientNorms}), as {@link
 * PenaltyConfig#estimator()} says.
 *
 * <p>Random numbers (WGAN-GP's e ~ U[0, 1) per sample, DRAGAN's u ~ U[0, 1) per element, the
 * finite-difference directions) are drawn on the host, so every engine sees the same, from a
 * stream derived from the run's seed and the index of the D update ({@link PenaltyDraws}), so that
 * a resumed run draws exactly what an uninterrupted one would from the one counter {@value
 * #UPDATES} in {@code trainer.json}.
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
    private final GradientNorms norms;
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
     * @param norms how {@code ||g||^2} is obtained, as {@code config.estimator()} says
     * @param seed the seed of the penalty's random stream
     * @param parent a manager on D's device; the running sum lives in a sub-manager of it
     */
    GradientPenalty(PenaltyConfig config, GradientNorms norms, long seed, NDManager parent) {
        this.config = config;
        this.norms = norms;
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
     * @return {@code E ||g||^2 / 2} (or its estimate) or {@code E (||g|| - 1)^2}, a scalar on the
     *     collector's graph
     */
    private NDArray unweighted(
            Function<NDList, NDArray> discriminator, NDList real, NDList fake, long update) {
        NDList input = new NDList(points(real.head(), fake.head(), update));
        input.addAll(real.subNDList(1));
        return of(config.kind(), norms.squaredNorms(discriminator, input, update));
    }

    /**
     * The penalty of a kind from the squared input-gradient norms.
     *
     * @param kind the penalty
     * @param squaredNorms {@code ||g||^2} per D output (a sample, or a pack of samples), shape
     *     {@code (rows)}
     * @return the scalar {@code mean ||g||^2 / 2} or {@code mean (||g|| - 1)^2}
     */
    static NDArray of(PenaltyKind kind, NDArray squaredNorms) {
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
                NDArray e =
                        PenaltyDraws.uniform(real.getManager(), new Shape(perSample), seed, update);
                return fake.add(real.sub(fake).mul(e));
            case DRAGAN:
                // real + 0.5 * std(real) * u, one u per element, std over the whole minibatch
                NDArray u = PenaltyDraws.uniform(real.getManager(), real.getShape(), seed, update);
                NDArray std = real.sub(real.mean()).square().mean().sqrt();
                return real.add(u.mul(std.mul(DRAGAN_SCALE)));
            default:
                throw new IllegalStateException("unknown penalty " + config.kind());
        }
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
