package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.DatasetSpec;
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
 * @param dataset the data source, for example {@code ring8}, {@code fashion-mnist} or {@code
 *     folder:/data/faces}
 * @param architecture the networks: {@code mlp} for the built-in distributions, {@code dcgan} or
 *     the paper's {@code paper-mlp} for images
 * @param imageSize the side of the square images the dataset's pictures are resized to, 0 for
 *     non-image data
 * @param channels the images' colour channels (1 gray, 3 RGB), 0 for non-image data
 * @param classes the number of classes of a conditional GAN (Mirza and Osindero 2014), whose G
 *     and D both see the label; 0 for an unconditional GAN
 * @param dataDir the folder an IDX collection's files are in, or null to look in the usual
 *     places (a {@code folder:PATH} dataset names its folder itself)
 * @param steps the number of generator updates (iterations of Algorithm 1)
 * @param batchSize the minibatch size m
 * @param discriminatorSteps k, the discriminator updates per generator update
 * @param loss the generator objective
 * @param noise the prior p_z
 * @param latentDim the size of z
 * @param hiddenWidth the width of each hidden layer of both MLPs, DCGAN's base number of
 *     feature maps, or paper-mlp's generator width (its discriminator has width / 5 maxout units)
 * @param hiddenLayers the number of hidden layers of both MLPs (DCGAN's depth follows the image
 *     size)
 * @param generatorOptimizer how G is optimised
 * @param discriminatorOptimizer how D is optimised
 * @param seed the run's seed, from which every random stream is derived
 * @param logEvery how often, in steps, losses are read back from the engine and logged
 * @param sampleEvery how often, in steps, a sample picture is written (0: only at the end)
 * @param checkpointEvery how often, in steps, a checkpoint is written (0: only at the end)
 * @param stabilizers spectral normalisation, weight averaging, packing, label smoothing, instance
 *     noise and weight clipping
 * @param keepCheckpoints how many of the newest checkpoints are kept, at least 1
 * @param onDivergence what to do when a loss or parameter becomes NaN or infinite
 * @param maxRollbacks how many times {@link DivergenceAction#ROLLBACK} may roll back in one run
 * @param rollbackFactor what each rollback multiplies both learning rates by, in (0, 1)
 * @param keepBest the metric by which the best checkpoint is kept besides the newest ones, or
 *     {@link BestMetric#NONE}
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public record TrainingConfig(
        String engine,
        String device,
        String dataset,
        ArchitectureKind architecture,
        int imageSize,
        int channels,
        int classes,
        String dataDir,
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
        int checkpointEvery,
        Stabilizers stabilizers,
        int keepCheckpoints,
        DivergenceAction onDivergence,
        int maxRollbacks,
        double rollbackFactor,
        BestMetric keepBest) {

    /**
     * The default Adam learning rate for the built-in synthetic sources. Measured: at the DCGAN
     * rate of 2e-4 a plain GAN collapses onto few ring8 modes within the default budget, at 1e-3 it
     * covers them (README, "Choosing the defaults").
     */
    public static final double SYNTHETIC_LEARNING_RATE = 1e-3;

    /** The Wasserstein GAN's RMSProp learning rate (Arjovsky et al. 2017, Algorithm 1). */
    public static final double WASSERSTEIN_LEARNING_RATE = 5e-5;

    /** The Wasserstein GAN's critic updates per generator update, n_critic = 5. */
    public static final int WASSERSTEIN_CRITIC_STEPS = 5;

    /** Validates every field, naming the field and the bad value. */
    public TrainingConfig {
        Check.notBlank("engine", engine);
        Check.notBlank("device", device);
        Check.notBlank("dataset", dataset);
        DatasetSpec spec = DatasetSpec.parse(dataset);
        if (architecture == null) {
            throw new InvalidInputException("architecture must be set");
        }
        checkArchitecture(spec, architecture);
        checkImageShape(spec, architecture, imageSize, channels, dataDir);
        Check.atLeast("classes", classes, 0);
        if (classes > 0 && !spec.isImage()) {
            throw new InvalidInputException(
                    "conditional training needs labelled images; " + spec.id() + " has no labels");
        }
        if (classes == 1) {
            throw new InvalidInputException(
                    "conditional training needs at least 2 classes, got 1");
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
        Check.atLeast("keepCheckpoints", keepCheckpoints, 1);
        if (onDivergence == null) {
            throw new InvalidInputException("onDivergence must be set");
        }
        Check.atLeast("maxRollbacks", maxRollbacks, 0);
        if (keepBest == null) {
            throw new InvalidInputException("keepBest must be set");
        }
        if (keepBest != BestMetric.NONE && spec.isImage()) {
            throw new InvalidInputException(
                    "keepBest " + keepBest.id() + " measures a synthetic mixture's modes; "
                            + spec.id() + " is an image dataset (score its checkpoints with"
                            + " gan eval)");
        }
        if (!(rollbackFactor > 0 && rollbackFactor < 1)) {
            throw new InvalidInputException(
                    "rollbackFactor must be in (0, 1), got " + rollbackFactor);
        }
        checkStabilizers(stabilizers, loss, batchSize, classes);
    }

    private static void checkStabilizers(
            Stabilizers stabilizers, LossKind loss, int batchSize, int classes) {
        if (stabilizers == null) {
            throw new InvalidInputException("stabilizers must be set");
        }
        if (stabilizers.pack() > 1 && classes > 0) {
            throw new InvalidInputException(
                    "pack does not combine with a conditional GAN (classes " + classes + ")");
        }
        if (batchSize % stabilizers.pack() != 0) {
            throw new InvalidInputException(
                    "pack must divide batchSize: " + batchSize + " samples cannot be packed in "
                            + "groups of " + stabilizers.pack());
        }
        if (stabilizers.labelSmoothing() > 0 && !loss.hasRealTarget()) {
            throw new InvalidInputException(
                    "labelSmoothing applies to minimax, non-saturating and least-squares, not to "
                            + loss + ", whose discriminator has no real target");
        }
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
                .optArchitecture(architecture)
                .optImageSize(imageSize)
                .optChannels(channels)
                .optClasses(classes)
                .optDataDir(dataDir)
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
                .optCheckpointEvery(checkpointEvery)
                .optStabilizers(stabilizers)
                .optKeepCheckpoints(keepCheckpoints)
                .optOnDivergence(onDivergence)
                .optMaxRollbacks(maxRollbacks)
                .optRollbackFactor(rollbackFactor)
                .optKeepBest(keepBest);
    }

    /**
     * Returns what this run trains on.
     *
     * @return the parsed dataset
     */
    public DatasetSpec datasetSpec() {
        return DatasetSpec.parse(dataset);
    }

    /**
     * Returns the built-in distribution this run trains on.
     *
     * @return the distribution
     * @throws IllegalStateException for an image dataset
     */
    public SyntheticDistribution syntheticDistribution() {
        return datasetSpec()
                .synthetic()
                .orElseThrow(() -> new IllegalStateException(dataset + " is not synthetic"));
    }

    private static void checkArchitecture(DatasetSpec spec, ArchitectureKind architecture) {
        boolean fits = spec.isImage() ? architecture != ArchitectureKind.MLP
                : architecture == ArchitectureKind.MLP;
        if (!fits) {
            throw new InvalidInputException(
                    "Architecture '"
                            + architecture
                            + "' does not fit dataset '"
                            + spec.id()
                            + "'; use "
                            + (spec.isImage() ? "dcgan or paper-mlp" : "mlp"));
        }
    }

    /**
     * Checks the image settings: none for built-in data; 1 or 3 channels for images, 1 for the
     * grayscale IDX collections; a side the architecture can generate (any side from 1 for others).
     * A dataset's pictures are resized to the side, so it need not be their own.
     */
    private static void checkImageShape(
            DatasetSpec spec, ArchitectureKind architecture, int imageSize, int channels,
            String dataDir) {
        if (!spec.isImage()) {
            if (imageSize != 0 || channels != 0) {
                throw new InvalidInputException(
                        "imageSize and channels apply to image datasets only, not to "
                                + spec.id());
            }
            return;
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException(
                    "channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
        if (spec instanceof DatasetSpec.Images images
                && channels != images.collection().channels()) {
            throw new InvalidInputException(
                    "channels must be "
                            + images.collection().channels()
                            + " for "
                            + spec.id()
                            + " (its images are grayscale), got "
                            + channels);
        }
        if (architecture == ArchitectureKind.DCGAN
                && !ArchitectureKind.DCGAN_IMAGE_SIZES.contains(imageSize)) {
            throw new InvalidInputException(
                    "imageSize must be one of "
                            + ArchitectureKind.DCGAN_IMAGE_SIZES
                            + " for dcgan, got "
                            + imageSize);
        }
        Check.atLeast("imageSize", imageSize, 1);
        if (spec instanceof DatasetSpec.Folder && dataDir != null) {
            throw new InvalidInputException(
                    "dataDir does not apply to " + spec.id() + ", whose folder is in its name");
        }
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

    /** Builds a {@link TrainingConfig}; every setting is optional and has a documented default. */
    public static final class Builder {

        private String engine = "PyTorch";
        private String device = "cpu";
        private String dataset = "ring8";
        private ArchitectureKind architecture;
        private Integer imageSize;
        private Integer channels;
        private Integer classes;
        private boolean conditional;
        private String dataDir;
        private Long steps;
        private Integer batchSize;
        private Integer discriminatorSteps;
        private LossKind loss = LossKind.NON_SATURATING;
        private NoiseKind noise;
        private Integer latentDim;
        private Integer hiddenWidth;
        private int hiddenLayers = 2;
        private OptimizerConfig generatorOptimizer;
        private OptimizerConfig discriminatorOptimizer;
        private Long seed;
        private Integer logEvery;
        private Integer sampleEvery;
        private Integer checkpointEvery;
        private Stabilizers stabilizers;
        private int keepCheckpoints = 5;
        private DivergenceAction onDivergence = DivergenceAction.STOP;
        private BestMetric keepBest = BestMetric.NONE;
        private int maxRollbacks = 3;
        private double rollbackFactor = 0.5;

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
         * Sets the architecture. Default: {@code mlp} for the built-in distributions, {@code
         * dcgan} for images.
         *
         * @param architecture the networks
         * @return this builder
         */
        public Builder optArchitecture(ArchitectureKind architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the side of the square images; the dataset's pictures are resized to it (centre
         * square, area averaging when shrinking, bilinear when enlarging). Default: 28 for the IDX
         * collections, their own size; 64 for image folders.
         *
         * @param imageSize the side in pixels
         * @return this builder
         */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Makes the GAN conditional on the dataset's labels (Mirza and Osindero 2014), with as
         * many classes as the dataset has, unless {@link #optClasses} sets them. Default false.
         *
         * @param conditional whether G and D see each sample's class
         * @return this builder
         */
        public Builder optConditional(boolean conditional) {
            this.conditional = conditional;
            return this;
        }

        /**
         * Sets the number of classes of a conditional GAN; 0 makes it unconditional. Default: the
         * dataset's when {@link #optConditional} is set, else 0.
         *
         * @param classes the number of classes
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the images' colour channels: 1 (gray, by luma) or 3 (RGB). Default: 1 for the IDX
         * collections, 3 for image folders.
         *
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the folder the dataset's files are in. Default: none, so {@code GAN_DATA_DIR} and
         * then Debian's {@code /usr/share/datasets} are searched.
         *
         * @param dataDir the folder, or null
         * @return this builder
         */
        public Builder optDataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Sets the number of generator updates. Default 10000 for the built-in distributions,
         * 2000 for images.
         *
         * @param steps the number of iterations of Algorithm 1
         * @return this builder
         */
        public Builder optSteps(long steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets the minibatch size. Default 256 for the built-in distributions, 64 for images.
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
         * experiments; 5 for the Wasserstein loss, as in its paper.
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
         * Sets the prior p_z. Default Gaussian; uniform on [-sqrt 3, sqrt 3] for {@code paper-mlp},
         * as in the paper.
         *
         * @param noise the prior
         * @return this builder
         */
        public Builder optNoise(NoiseKind noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the size of z. Default 8 for the built-in distributions, 100 for images.
         *
         * @param latentDim the size of the generator's input
         * @return this builder
         */
        public Builder optLatentDim(int latentDim) {
            this.latentDim = latentDim;
            return this;
        }

        /**
         * Sets the width of every MLP hidden layer, or DCGAN's base number of feature maps.
         * Default 128 for MLPs, 64 for DCGAN, 1200 for {@code paper-mlp} (whose discriminator has a
         * fifth as many maxout units, 240, of 5 pieces each).
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
         * Sets the generator's optimiser. Default: {@link #defaultOptimizer} for the built-in
         * distributions; Adam at 2e-4, beta1 0.5, constant, as in DCGAN, for images; for the
         * Wasserstein loss RMSProp at 5e-5, constant ({@link OptimizerConfig#rmsprop}).
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
         * Sets how often losses are read back and logged. Default 100 steps (50 for images).
         *
         * @param logEvery the interval in steps
         * @return this builder
         */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /**
         * Sets how often a sample picture is written. Default 1000 steps (500 for images); 0
         * writes only the final one.
         *
         * @param sampleEvery the interval in steps
         * @return this builder
         */
        public Builder optSampleEvery(int sampleEvery) {
            this.sampleEvery = sampleEvery;
            return this;
        }

        /**
         * Sets how often a checkpoint is written. Default 1000 steps (500 for images); 0 writes
         * only the final one.
         *
         * @param checkpointEvery the interval in steps
         * @return this builder
         */
        public Builder optCheckpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        /**
         * Sets the stabilisers. Default: {@link Stabilizers#defaults} of the loss (weight
         * clipping at 0.01 for the Wasserstein loss, nothing otherwise).
         *
         * @param stabilizers the stabilisers
         * @return this builder
         */
        public Builder optStabilizers(Stabilizers stabilizers) {
            this.stabilizers = stabilizers;
            return this;
        }

        /**
         * Sets how many of the newest checkpoints are kept; older ones are deleted. Default 5.
         *
         * @param keepCheckpoints at least 1
         * @return this builder
         */
        public Builder optKeepCheckpoints(int keepCheckpoints) {
            this.keepCheckpoints = keepCheckpoints;
            return this;
        }

        /**
         * Sets the metric by which the best checkpoint is kept, besides the newest ones. Default
         * {@link BestMetric#NONE}.
         *
         * @param keepBest the metric
         * @return this builder
         */
        public Builder optKeepBest(BestMetric keepBest) {
            this.keepBest = keepBest;
            return this;
        }

        /**
         * Sets what happens when training diverges. Default {@link DivergenceAction#STOP}.
         *
         * @param onDivergence stop, or roll back to the last good checkpoint
         * @return this builder
         */
        public Builder optOnDivergence(DivergenceAction onDivergence) {
            this.onDivergence = onDivergence;
            return this;
        }

        /**
         * Sets how many rollbacks one run may make before it stops. Default 3.
         *
         * @param maxRollbacks at least 0
         * @return this builder
         */
        public Builder optMaxRollbacks(int maxRollbacks) {
            this.maxRollbacks = maxRollbacks;
            return this;
        }

        /**
         * Sets what each rollback multiplies both learning rates by. Default 0.5.
         *
         * @param rollbackFactor in (0, 1)
         * @return this builder
         */
        public Builder optRollbackFactor(double rollbackFactor) {
            this.rollbackFactor = rollbackFactor;
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @return the configuration
         * @throws InvalidInputException naming the first bad field and its value
         */
        public TrainingConfig build() {
            DatasetSpec spec = DatasetSpec.parse(Check.notBlank("dataset", dataset));
            boolean images = spec.isImage();
            boolean wasserstein = loss == LossKind.WASSERSTEIN;
            OptimizerConfig defaultOptimizer =
                    wasserstein ? OptimizerConfig.rmsprop(WASSERSTEIN_LEARNING_RATE)
                            : images ? OptimizerConfig.adam(OptimizerConfig.DCGAN_LEARNING_RATE)
                            : defaultOptimizer();
            ArchitectureKind chosen =
                    or(architecture, images ? ArchitectureKind.DCGAN : ArchitectureKind.MLP);
            boolean paper = chosen == ArchitectureKind.PAPER_MLP;
            int datasetClasses =
                    spec instanceof DatasetSpec.Images collection
                            ? collection.collection().classes()
                            : 0;
            if (conditional && classes == null && !images) {
                throw new InvalidInputException(
                        "conditional training needs labelled images; " + spec.id()
                                + " has no labels");
            }
            if (conditional && (classes == null || classes == 0)
                    && spec instanceof DatasetSpec.Folder) {
                throw new InvalidInputException(
                        "conditional training on " + spec.id() + " needs its number of classes"
                                + " (optClasses), which only its files tell");
            }
            return new TrainingConfig(
                    engine,
                    device,
                    dataset,
                    chosen,
                    or(imageSize, spec.defaultImageSize()),
                    or(channels, spec.defaultChannels()),
                    conditional && (classes == null || classes == 0)
                            ? datasetClasses
                            : or(classes, 0),
                    dataDir,
                    or(steps, images ? 2000L : 10000L),
                    or(batchSize, images ? 64 : 256),
                    or(discriminatorSteps, wasserstein ? WASSERSTEIN_CRITIC_STEPS : 1),
                    loss,
                    or(noise, paper ? NoiseKind.UNIFORM : NoiseKind.GAUSSIAN),
                    or(latentDim, images ? 100 : 8),
                    or(hiddenWidth, paper ? 1200 : images ? 64 : 128),
                    hiddenLayers,
                    or(generatorOptimizer, defaultOptimizer),
                    or(discriminatorOptimizer, defaultOptimizer),
                    or(seed, new SecureRandom().nextLong()),
                    or(logEvery, images ? 50 : 100),
                    or(sampleEvery, images ? 500 : 1000),
                    or(checkpointEvery, images ? 500 : 1000),
                    or(stabilizers, loss == null ? null : Stabilizers.defaults(loss)),
                    keepCheckpoints,
                    onDivergence,
                    maxRollbacks,
                    rollbackFactor,
                    keepBest);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }
}
