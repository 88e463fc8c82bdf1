package io.github.djlgan.djl.theory;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.api.metric.JensenShannon;
import io.github.djlgan.api.metric.KernelDensity;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Theorem 1 of the paper, followed through training: the virtual training criterion
 *
 * <pre>
 *   C(G) = max_D V(G, D) = -log 4 + 2 JSD(p_data || p_g)
 * </pre>
 *
 * reaches its global minimum -log 4 exactly when p_g = p_data, where D*(x) = 1/2.
 *
 * <p>The one-dimensional GAN of Figure 1 (data N(4, 0.5^2), uniform noise, small MLPs) is trained
 * by the project's {@link GanTrainer}, with the MLPs working in the data's standard units (see
 * {@link ScaledNetworks}). At intervals, {@value #ESTIMATE_SAMPLES} samples of G give a
 * kernel density estimate of p_g on a grid, from which JSD(p_data || p_g) and C(G) follow; the
 * current D gives V(G, D) = E log D(x) + E log(1 - D(G(z))) on as many real and generated samples,
 * and the mean D(x) and D(G(z)). Training should drive JSD towards 0, both means towards 1/2 and
 * V towards -log 4 = -1.386.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Theorem 1 and Figure 1</a>
 */
public final class GlobalOptimum {

    /** Samples of G and of the data behind each estimate. */
    public static final int ESTIMATE_SAMPLES = 20000;

    /** Points of the grid on which densities and D are tabulated. */
    public static final int GRID_POINTS = 400;

    /** Points z spread evenly over the noise interval whose images G(z) Figure 1 draws. */
    public static final int MAPPING_POINTS = 25;

    private static final SyntheticDistribution DATA = SyntheticDistribution.GAUSSIAN_1D;

    private GlobalOptimum() {}

    /**
     * The state of training at one step.
     *
     * @param step the generator updates made
     * @param jensenShannon JSD(p_data || p_g) in nats, p_g estimated from samples
     * @param value V(G, D) estimated on samples with the current D
     * @param criterion C(G) = -log 4 + 2 JSD
     * @param meanRealScore mean D(x) over real samples
     * @param meanFakeScore mean D(G(z))
     * @param generatorDensity p_g on the grid
     * @param discriminator D(x) on the grid
     * @param latent evenly spaced z over the noise interval
     * @param mapped G(z) for those z
     */
    public record Snapshot(
            long step,
            double jensenShannon,
            double value,
            double criterion,
            double meanRealScore,
            double meanFakeScore,
            double[] generatorDensity,
            double[] discriminator,
            float[] latent,
            float[] mapped) {}

    /**
     * The trajectory.
     *
     * @param grid the points on which densities and D are tabulated
     * @param dataDensity p_data on the grid
     * @param snapshots the states, in order of step
     */
    public record Result(double[] grid, double[] dataDensity, List<Snapshot> snapshots) {

        /**
         * Returns the last state.
         *
         * @return the snapshot at the final step
         */
        public Snapshot last() {
            return snapshots.get(snapshots.size() - 1);
        }

        /**
         * Returns the state measured at a step.
         *
         * @param step a step at which a snapshot was taken
         * @return that snapshot
         */
        public Snapshot at(long step) {
            return snapshots.stream().filter(s -> s.step() == step).findFirst().orElseThrow();
        }
    }

    /**
     * Returns the settings of the check: the Figure 1 data, uniform one-dimensional noise, MLPs
     * of two hidden layers, Adam at 1e-3 decaying linearly, the non-saturating generator loss.
     *
     * @param engine the engine
     * @param steps the generator updates
     * @param seed the seed
     * @return the configuration
     */
    public static TrainingConfig defaultConfig(String engine, long steps, long seed) {
        return TrainingConfig.builder()
                .optRuntime(r -> r.optEngine(engine))
                .optData(d -> d.optDataset(DATA.id()).optBatchSize(256))
                .optModel(m -> m
                        .optNoise(NoiseKind.UNIFORM)
                        .optLatentDim(1)
                        .optHiddenWidth(32)
                        .optHiddenLayers(2))
                .optLoop(l -> l.optSteps(steps))
                .optSeed(seed)
                .optCadence(c -> c.optLogEvery(100))
                .build();
    }

    /**
     * Trains the configured GAN, measuring at the given steps.
     *
     * @param config a configuration of a one-dimensional built-in distribution
     * @param measureAt the steps at which to measure (0 is before training; the last step is
     *     always measured)
     * @return the trajectory
     * @throws IOException never in practice; training listeners may declare it
     */
    public static Result train(TrainingConfig config, long... measureAt) throws IOException {
        SyntheticDistribution distribution = config.data().syntheticDistribution();
        GaussianMixture data = distribution.mixture();
        if (data.dimension() != 1 || config.model().latentDim() != 1) {
            throw new IllegalArgumentException(
                    "Theorem 1 is checked in one dimension with one-dimensional noise");
        }
        Engine engine = Engines.load(config.runtime().engine());
        Device device = Engines.device(engine, config.runtime().device());
        RunSeeds seeds = RunSeeds.derive(config.seed());
        engine.setRandomSeed(seeds.engine());
        double[] grid = new double[GRID_POINTS];
        double[] dataDensity = new double[GRID_POINTS];
        for (int i = 0; i < GRID_POINTS; i++) {
            grid[i] = distribution.plotMin()
                    + (distribution.plotMax() - distribution.plotMin()) * i / (GRID_POINTS - 1);
            dataDensity[i] = data.density(grid[i]);
        }
        TreeSet<Long> steps = new TreeSet<>();
        for (long step : measureAt) {
            if (step >= 0 && step <= config.loop().steps()) {
                steps.add(step);
            }
        }
        steps.add(config.loop().steps());
        List<Snapshot> snapshots = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seeds.evaluation());
        double centre = data.means()[0][0];
        double scale = data.std();
        try (GanModels models =
                        GanModels.create(
                                config.runtime().engine(),
                                device,
                                ScaledNetworks.generator(centre, scale,
                                        config.model().hiddenWidth(), 1),
                                ScaledNetworks.discriminator(centre, scale,
                                        config.model().hiddenWidth()),
                                new Shape(1),
                                new Shape(1));
                GanTrainer trainer = GanSetup.trainer(config, models)) {
            for (long step : steps) {
                trainer.fit(step, List.of());
                NoiseSource noise = GanSetup.noise(config, random.nextLong());
                snapshots.add(measure(models, noise, data, random, grid, dataDensity, step));
            }
        }
        return new Result(grid, dataDensity, snapshots);
    }

    private static Snapshot measure(
            GanModels models,
            NoiseSource noise,
            GaussianMixture data,
            SplittableRandom random,
            double[] grid,
            double[] dataDensity,
            long step) {
        float[] generated = models.sample(noise, ESTIMATE_SAMPLES);
        float[] real = data.sample(random, ESTIMATE_SAMPLES);
        double[] generatorDensity = KernelDensity.estimate(generated, grid);
        double jsd = divergence(data, generated, grid);
        float[] realLogits = logits(models, real);
        float[] fakeLogits = logits(models, generated);
        double logReal = 0;
        double logFake = 0;
        double realScore = 0;
        double fakeScore = 0;
        for (int i = 0; i < ESTIMATE_SAMPLES; i++) {
            // log D = -softplus(-l), log(1 - D) = -softplus(l): stable for any logit.
            logReal -= softplus(-realLogits[i]);
            logFake -= softplus(fakeLogits[i]);
            realScore += sigmoid(realLogits[i]);
            fakeScore += sigmoid(fakeLogits[i]);
        }
        float[] points = new float[grid.length];
        for (int i = 0; i < grid.length; i++) {
            points[i] = (float) grid[i];
        }
        float[] gridLogits = logits(models, points);
        double[] discriminator = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            discriminator[i] = sigmoid(gridLogits[i]);
        }
        float[] latent = new float[MAPPING_POINTS];
        double bound = noise.kind() == NoiseKind.UNIFORM ? Math.sqrt(3) : 2;
        for (int i = 0; i < MAPPING_POINTS; i++) {
            latent[i] = (float) (-bound + 2 * bound * (i + 0.5) / MAPPING_POINTS);
        }
        float[] mapped;
        try (NDManager scope = models.generator().getNDManager().newSubManager()) {
            mapped = models.generate(scope.create(latent, new Shape(MAPPING_POINTS, 1)))
                    .toFloatArray();
        }
        int n = ESTIMATE_SAMPLES;
        return new Snapshot(
                step,
                jsd,
                logReal / n + logFake / n,
                JensenShannon.criterion(jsd),
                realScore / n,
                fakeScore / n,
                generatorDensity,
                discriminator,
                latent,
                mapped);
    }

    /**
     * JSD(p_data || p_g) on a grid wide enough for both: the plotted interval, stretched to hold
     * every generated sample, so that a generator far from the data gives log 2, not an error.
     */
    private static double divergence(GaussianMixture data, float[] generated, double[] plotGrid) {
        double low = plotGrid[0];
        double high = plotGrid[plotGrid.length - 1];
        for (float sample : generated) {
            low = Math.min(low, sample);
            high = Math.max(high, sample);
        }
        double pad = 8 * KernelDensity.bandwidth(generated);
        low -= pad;
        high += pad;
        int points = Math.max(2000, (int) Math.min(200000, (high - low) / 0.005));
        double[] grid = new double[points];
        double[] dataDensity = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = low + (high - low) * i / (points - 1);
            dataDensity[i] = data.density(grid[i]);
        }
        return JensenShannon.divergence(dataDensity, KernelDensity.estimate(generated, grid));
    }

    private static float[] logits(GanModels models, float[] points) {
        try (NDManager scope = models.discriminator().getNDManager().newSubManager()) {
            NDArray input = scope.create(points, new Shape(points.length, 1));
            return models.discriminate(input).toFloatArray();
        }
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
