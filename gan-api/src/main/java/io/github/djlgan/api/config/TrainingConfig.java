package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.SyntheticDistribution;

import java.security.SecureRandom;

/**
 * Every setting of a training run. Written as {@code config.json} into the run directory, it is
 * enough to repeat the run: {@code gan train --config config.json}.
 *
 * <p>Training follows Algorithm 1 of Goodfellow et al. (2014): each of {@link #steps()} iterations
 * makes {@link #discriminatorSteps()} discriminator updates (k in the paper), each on a fresh real
 * minibatch and fresh noise, then one generator update.
 *
 * @param engine the DJL engine name, for example {@code PyTorch} or {@code MXNet}
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
 * @param dataset the data source, for example {@code ring8}
 * @param steps the number of generator updates (iterations of Algorithm 1)
 * @param batchSize the minibatch size m
 * @param discriminatorSteps k, the discriminator updates per generator update
 * @param loss the generator objective
 * @param noise the prior p_z
 * @param latentDim the size of z
 * @param hiddenWidth the width of each hidden layer of both networks
 * @param hiddenLayers the number of hidden layers of both networks
 * @param generatorOptimizer how G is optimised
 * @param discriminatorOptimizer how D is optimised
 * @param seed the run's seed, from which every random stream is derived
 * @param logEvery how often, in steps, losses are read back from the engine and logged
 * @param sampleEvery how often, in steps, a sample picture is written (0: only at the end)
 * @param checkpointEvery how often, in steps, a checkpoint is written (0: only at the end)
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public record TrainingConfig(
        String engine,
        String device,
        String dataset,
        long steps,
        int batchSize,
        int discriminatorSteps,
        LossKind loss,
        NoiseKind noise,
        int latentDim,
        int hiddenWidth,
        int hiddenLayers,
        OptimizerConfig generatorOptimizer,
        OptimizerConfig discriminatorOptimizer,
        long seed,
        int logEvery,
        int sampleEvery,
        int checkpointEvery) {

    /**
     * The default Adam learning rate for the built-in synthetic sources. Measured: at the DCGAN
     * rate of 2e-4 a plain GAN collapses onto few ring8 modes within the default budget, at 1e-3 it
     * covers them (README, "Choosing the defaults").
     */
    public static final double SYNTHETIC_LEARNING_RATE = 1e-3;

    /** Validates every field, naming the field and the bad value. */
    public TrainingConfig {
        Check.notBlank("engine", engine);
        Check.notBlank("device", device);
        Check.notBlank("dataset", dataset);
        if (SyntheticDistribution.fromId(dataset).isEmpty()) {
            throw new InvalidInputException(
                    "Unknown dataset '" + dataset + "'; known: " + knownDatasets());
        }
        Check.atLeast("steps", steps, 1);
        Check.atLeast("batchSize", batchSize, 1);
        Check.atLeast("discriminatorSteps", discriminatorSteps, 1);
        if (loss == null) {
            throw new InvalidInputException("loss must be set");
        }
        if (noise == null) {
            throw new InvalidInputException("noise must be set");
        }
        Check.atLeast("latentDim", latentDim, 1);
        Check.atLeast("hiddenWidth", hiddenWidth, 1);
        Check.atLeast("hiddenLayers", hiddenLayers, 1);
        if (generatorOptimizer == null || discriminatorOptimizer == null) {
            throw new InvalidInputException("both optimizers must be set");
        }
        Check.atLeast("logEvery", logEvery, 1);
        Check.atLeast("sampleEvery", sampleEvery, 0);
        Check.atLeast("checkpointEvery", checkpointEvery, 0);
    }

    /**
     * Returns a builder with the defaults: the MLP GAN on ring8 on the CPU with PyTorch.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values, to derive a changed copy.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optEngine(engine)
                .optDevice(device)
                .optDataset(dataset)
                .optSteps(steps)
                .optBatchSize(batchSize)
                .optDiscriminatorSteps(discriminatorSteps)
                .optLoss(loss)
                .optNoise(noise)
                .optLatentDim(latentDim)
                .optHiddenWidth(hiddenWidth)
                .optHiddenLayers(hiddenLayers)
                .optGeneratorOptimizer(generatorOptimizer)
                .optDiscriminatorOptimizer(discriminatorOptimizer)
                .optSeed(seed)
                .optLogEvery(logEvery)
                .optSampleEvery(sampleEvery)
                .optCheckpointEvery(checkpointEvery);
    }

    /**
     * Returns the built-in distribution this run trains on.
     *
     * @return the distribution
     */
    public SyntheticDistribution syntheticDistribution() {
        return SyntheticDistribution.fromId(dataset).orElseThrow();
    }

    /**
     * Writes this configuration as pretty-printed JSON, every field present.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ConfigJson.write(this);
    }

    /**
     * Reads a configuration from JSON. Keys not given take their defaults; unknown keys, values of
     * the wrong type and impossible values are errors.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws InvalidInputException naming the key and what was wrong
     */
    public static TrainingConfig fromJson(String json) {
        return ConfigJson.read(json);
    }

    /**
     * Returns the optimiser both networks use unless told otherwise: Adam at {@link
     * #SYNTHETIC_LEARNING_RATE}, beta1 0.5, beta2 0.999, decaying linearly to 0.
     *
     * @return the default optimiser settings
     */
    public static OptimizerConfig defaultOptimizer() {
        return OptimizerConfig.adam(SYNTHETIC_LEARNING_RATE)
                .withSchedule(LearningRateSchedule.LINEAR);
    }

    private static String knownDatasets() {
        StringBuilder known = new StringBuilder();
        for (SyntheticDistribution distribution : SyntheticDistribution.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(distribution.id());
        }
        return known.toString();
    }

    /** Builds a {@link TrainingConfig}; every setting is optional and has a documented default. */
    public static final class Builder {

        private String engine = "PyTorch";
        private String device = "cpu";
        private String dataset = "ring8";
        private long steps = 10000;
        private int batchSize = 256;
        private int discriminatorSteps = 1;
        private LossKind loss = LossKind.NON_SATURATING;
        private NoiseKind noise = NoiseKind.GAUSSIAN;
        private int latentDim = 8;
        private int hiddenWidth = 128;
        private int hiddenLayers = 2;
        private OptimizerConfig generatorOptimizer;
        private OptimizerConfig discriminatorOptimizer;
        private Long seed;
        private int logEvery = 100;
        private int sampleEvery = 1000;
        private int checkpointEvery = 1000;

        Builder() {}

        /**
         * Sets the DJL engine name. Default {@code PyTorch}.
         *
         * @param engine the engine name as DJL spells it
         * @return this builder
         */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Sets the device: {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}. Default
         * {@code cpu}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the data source. Default {@code ring8}.
         *
         * @param dataset the name of the data source
         * @return this builder
         */
        public Builder optDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * Sets the number of generator updates. Default 10000.
         *
         * @param steps the number of iterations of Algorithm 1
         * @return this builder
         */
        public Builder optSteps(long steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets the minibatch size. Default 256.
         *
         * @param batchSize the size m of every minibatch
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets k, the discriminator updates per generator update. Default 1, as in the paper's
         * experiments.
         *
         * @param discriminatorSteps k
         * @return this builder
         */
        public Builder optDiscriminatorSteps(int discriminatorSteps) {
            this.discriminatorSteps = discriminatorSteps;
            return this;
        }

        /**
         * Sets the generator objective. Default {@code non-saturating}.
         *
         * @param loss the objective
         * @return this builder
         */
        public Builder optLoss(LossKind loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets the prior p_z. Default Gaussian.
         *
         * @param noise the prior
         * @return this builder
         */
        public Builder optNoise(NoiseKind noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the size of z. Default 8.
         *
         * @param latentDim the size of the generator's input
         * @return this builder
         */
        public Builder optLatentDim(int latentDim) {
            this.latentDim = latentDim;
            return this;
        }

        /**
         * Sets the width of every hidden layer. Default 128.
         *
         * @param hiddenWidth the number of units
         * @return this builder
         */
        public Builder optHiddenWidth(int hiddenWidth) {
            this.hiddenWidth = hiddenWidth;
            return this;
        }

        /**
         * Sets the number of hidden layers of each network. Default 2.
         *
         * @param hiddenLayers the depth
         * @return this builder
         */
        public Builder optHiddenLayers(int hiddenLayers) {
            this.hiddenLayers = hiddenLayers;
            return this;
        }

        /**
         * Sets the generator's optimiser. Default Adam with {@link #SYNTHETIC_LEARNING_RATE},
         * beta1 0.5, beta2 0.999.
         *
         * @param optimizer the optimiser settings
         * @return this builder
         */
        public Builder optGeneratorOptimizer(OptimizerConfig optimizer) {
            this.generatorOptimizer = optimizer;
            return this;
        }

        /**
         * Sets the discriminator's optimiser. Default as for the generator.
         *
         * @param optimizer the optimiser settings
         * @return this builder
         */
        public Builder optDiscriminatorOptimizer(OptimizerConfig optimizer) {
            this.discriminatorOptimizer = optimizer;
            return this;
        }

        /**
         * Sets the run's seed. Default: drawn at random when the configuration is built, and
         * recorded in it like any other value.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how often losses are read back and logged. Default 100 steps.
         *
         * @param logEvery the interval in steps
         * @return this builder
         */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /**
         * Sets how often a sample picture is written. Default 1000 steps; 0 writes only the final
         * one.
         *
         * @param sampleEvery the interval in steps
         * @return this builder
         */
        public Builder optSampleEvery(int sampleEvery) {
            this.sampleEvery = sampleEvery;
            return this;
        }

        /**
         * Sets how often a checkpoint is written. Default 1000 steps; 0 writes only the final one.
         *
         * @param checkpointEvery the interval in steps
         * @return this builder
         */
        public Builder optCheckpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @return the configuration
         * @throws InvalidInputException naming the first bad field and its value
         */
        public TrainingConfig build() {
            OptimizerConfig defaultOptimizer = defaultOptimizer();
            return new TrainingConfig(
                    engine,
                    device,
                    dataset,
                    steps,
                    batchSize,
                    discriminatorSteps,
                    loss,
                    noise,
                    latentDim,
                    hiddenWidth,
                    hiddenLayers,
                    generatorOptimizer == null ? defaultOptimizer : generatorOptimizer,
                    discriminatorOptimizer == null ? defaultOptimizer : discriminatorOptimizer,
                    seed == null ? new SecureRandom().nextLong() : seed,
                    logEvery,
                    sampleEvery,
                    checkpointEvery);
        }
    }
}
