package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.DatasetSpec;

import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * Every setting of a training run, in groups. Written as {@code config.json} into the run
 * directory, it is enough to repeat the run: {@code gan train --config config.json}.
 *
 * <p>Each group validates its own fields; this record checks the rules that join groups: the
 * architecture fits the dataset (and DCGAN its image size), a conditional GAN needs labelled
 * images, packing divides the batch and does not combine with a conditional GAN, label smoothing
 * needs a loss with a real target, the wgan-gp penalty replaces weight clipping (an explicit clip
 * with it is refused), and the best checkpoint by mode coverage exists for the
 * built-in distributions only. Defaults come from {@link ConfigDefaults}.
 *
 * @param runtime the engine and the device
 * @param data the dataset and the minibatch shape
 * @param model G, D and the prior
 * @param loop Algorithm 1's steps, k, loss and optimisers
 * @param stabilizers spectral normalisation, weight averaging, packing, label smoothing, instance
 *     noise and weight clipping
 * @param augment differentiable augmentation of every image D sees (DiffAugment, with ADA's
 *     adaptive probability when it has a target); {@link AugmentConfig#NONE} for none
 * @param penalty the gradient penalty on D (R1, R2, WGAN-GP, DRAGAN), or null for none
 * @param cadence how often the run logs, samples and checkpoints
 * @param reliability checkpoints kept and divergence handling
 * @param seed the run's seed, from which every random stream is derived ({@link RunSeeds})
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public record TrainingConfig(
        RuntimeConfig runtime,
        DataConfig data,
        ModelConfig model,
        LoopConfig loop,
        Stabilizers stabilizers,
        AugmentConfig augment,
        PenaltyConfig penalty,
        CadenceConfig cadence,
        ReliabilityConfig reliability,
        long seed) {

    /** Validates the rules that join groups, naming the fields and the bad values. */
    public TrainingConfig {
        Check.notNull("runtime", runtime);
        Check.notNull("data", data);
        Check.notNull("model", model);
        Check.notNull("loop", loop);
        Check.notNull("stabilizers", stabilizers);
        Check.notNull("augment", augment);
        Check.notNull("cadence", cadence);
        Check.notNull("reliability", reliability);
        DatasetSpec spec = data.datasetSpec();
        checkArchitecture(spec, model.architecture(), data.imageSize());
        if (model.conditional() && !spec.isImage()) {
            throw unlabelled(spec);
        }
        if (reliability.keepBest() != BestMetric.NONE && spec.isImage()) {
            throw new InvalidInputException(
                    "keepBest " + reliability.keepBest().id() + " measures a synthetic mixture's"
                            + " modes; " + spec.id() + " is an image dataset (score its"
                            + " checkpoints with gan eval)");
        }
        checkStabilizers(stabilizers, loop.loss(), data.batchSize(), model.classes());
        if (penalty != null && penalty.kind() == PenaltyKind.WGAN_GP
                && stabilizers.weightClip() > 0) {
            throw new InvalidInputException(
                    "weightClip " + stabilizers.weightClip() + " and the wgan-gp penalty both"
                            + " bound D's slope; WGAN-GP replaces clipping by the penalty"
                            + " (Gulrajani et al. 2017, section 4): set weightClip 0 or drop"
                            + " --weight-clip");
        }
        if (stabilizers.spectralNorm() && model.maxoutPieces() > 0) {
            throw new InvalidInputException("spectralNorm normalises linear and convolution"
                    + " layers, not maxout units; set maxoutPieces to 0 (--maxout-pieces 0)");
        }
        if (augment.enabled() && !spec.isImage()) {
            throw new InvalidInputException(
                    "augment transforms images; " + spec.id() + " is not an image dataset");
        }
    }

    /**
     * Returns the error of a conditional GAN on data without labels.
     *
     * @param spec the dataset
     * @return the error
     */
    static InvalidInputException unlabelled(DatasetSpec spec) {
        return new InvalidInputException(
                "conditional training needs labelled images; " + spec.id() + " has no labels");
    }

    private static void checkArchitecture(
            DatasetSpec spec, ArchitectureKind architecture, int imageSize) {
        boolean fits = spec.isImage() ? architecture != ArchitectureKind.MLP
                : architecture == ArchitectureKind.MLP;
        if (!fits) {
            throw new InvalidInputException(
                    "Architecture '" + architecture + "' does not fit dataset '" + spec.id()
                            + "'; use " + (spec.isImage() ? "dcgan or paper-mlp" : "mlp"));
        }
        if (architecture == ArchitectureKind.DCGAN
                && !ArchitectureKind.DCGAN_IMAGE_SIZES.contains(imageSize)) {
            throw new InvalidInputException(
                    "imageSize must be one of " + ArchitectureKind.DCGAN_IMAGE_SIZES
                            + " for dcgan, got " + imageSize);
        }
    }

    private static void checkStabilizers(
            Stabilizers stabilizers, LossKind loss, int batchSize, int classes) {
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
                .optRuntime(runtime)
                .optData(data)
                .optModel(model)
                .optLoop(loop)
                .optStabilizers(stabilizers)
                .optAugment(augment)
                .optPenalty(penalty)
                .optCadence(cadence)
                .optReliability(reliability)
                .optSeed(seed);
    }

    /**
     * Returns what this run's defaults were resolved from.
     *
     * @return the dataset, architecture, loss and penalty
     */
    public ConfigDefaults.Basis basis() {
        return new ConfigDefaults.Basis(data.datasetSpec(), model.architecture(), loop.loss(),
                penalty == null ? null : penalty.kind());
    }

    /**
     * Writes this configuration as pretty-printed JSON, one object per group, every field
     * present.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ConfigJson.write(this);
    }

    /**
     * Reads a configuration from JSON: the grouped form {@link #toJson} writes, or the flat form
     * of earlier versions. Keys not given take their defaults; unknown keys, values of the wrong
     * type and impossible values are errors.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws InvalidInputException naming the key and what was wrong
     */
    public static TrainingConfig fromJson(String json) {
        return ConfigJson.read(json);
    }

    /**
     * Builds a {@link TrainingConfig}, one builder per group; every setting is optional and takes
     * its default from {@link ConfigDefaults}, resolved for the dataset, architecture and loss
     * set.
     */
    public static final class Builder {

        private RuntimeConfig.Builder runtime = RuntimeConfig.builder();
        private DataConfig.Builder data = DataConfig.builder();
        private ModelConfig.Builder model = ModelConfig.builder();
        private LoopConfig.Builder loop = LoopConfig.builder();
        private Stabilizers.Builder stabilizers = Stabilizers.builder();
        private AugmentConfig augment = AugmentConfig.NONE;
        private PenaltyConfig.Builder penalty;
        private boolean penaltyGiven;
        private CadenceConfig.Builder cadence = CadenceConfig.builder();
        private ReliabilityConfig.Builder reliability = ReliabilityConfig.builder();
        private Long seed;

        Builder() {}

        /**
         * Changes the runtime settings.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optRuntime(Consumer<RuntimeConfig.Builder> edit) {
            edit.accept(runtime);
            return this;
        }

        /**
         * Sets every runtime setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optRuntime(RuntimeConfig values) {
            runtime = values.toBuilder();
            return this;
        }

        /**
         * Changes the data settings.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optData(Consumer<DataConfig.Builder> edit) {
            edit.accept(data);
            return this;
        }

        /**
         * Sets every data setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optData(DataConfig values) {
            data = values.toBuilder();
            return this;
        }

        /**
         * Changes the model settings.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optModel(Consumer<ModelConfig.Builder> edit) {
            edit.accept(model);
            return this;
        }

        /**
         * Sets every model setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optModel(ModelConfig values) {
            model = values.toBuilder();
            return this;
        }

        /**
         * Changes the loop settings.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optLoop(Consumer<LoopConfig.Builder> edit) {
            edit.accept(loop);
            return this;
        }

        /**
         * Sets every loop setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optLoop(LoopConfig values) {
            loop = values.toBuilder();
            return this;
        }

        /**
         * Changes the stabilisers.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optStabilizers(Consumer<Stabilizers.Builder> edit) {
            edit.accept(stabilizers);
            return this;
        }

        /**
         * Sets every stabiliser.
         *
         * @param values the stabilisers
         * @return this builder
         */
        public Builder optStabilizers(Stabilizers values) {
            stabilizers = values.toBuilder();
            return this;
        }

        /**
         * Sets the differentiable augmentation of D's inputs. Default {@link AugmentConfig#NONE}.
         *
         * @param values the augmentation
         * @return this builder
         */
        public Builder optAugment(AugmentConfig values) {
            augment = java.util.Objects.requireNonNull(values, "augment");
            return this;
        }

        /**
         * Sets the gradient penalty on D. Default {@link ConfigDefaults#PENALTY}'s for the
         * dataset (R1 on the grids, otherwise none).
         *
         * @param values the penalty, or null for none
         * @return this builder
         */
        public Builder optPenalty(PenaltyConfig values) {
            return optPenalty(values == null ? null : values.toBuilder());
        }

        /**
         * Sets the gradient penalty on D from a builder whose unset weight takes the run's
         * default ({@link ConfigDefaults#PENALTY_WEIGHT}) when this builder builds.
         *
         * @param values the penalty's builder, or null for none
         * @return this builder
         */
        public Builder optPenalty(PenaltyConfig.Builder values) {
            penalty = values;
            penaltyGiven = true;
            return this;
        }

        /**
         * Changes the cadence.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optCadence(Consumer<CadenceConfig.Builder> edit) {
            edit.accept(cadence);
            return this;
        }

        /**
         * Sets every cadence setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optCadence(CadenceConfig values) {
            cadence = values.toBuilder();
            return this;
        }

        /**
         * Changes the reliability settings.
         *
         * @param edit sets fields of the group's builder
         * @return this builder
         */
        public Builder optReliability(Consumer<ReliabilityConfig.Builder> edit) {
            edit.accept(reliability);
            return this;
        }

        /**
         * Sets every reliability setting.
         *
         * @param values the settings
         * @return this builder
         */
        public Builder optReliability(ReliabilityConfig values) {
            reliability = values.toBuilder();
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
         * Returns what the defaults are resolved from: the dataset, architecture, loss and penalty
         * set, or their defaults.
         *
         * @return the basis
         * @throws InvalidInputException if the dataset's name is unknown
         */
        public ConfigDefaults.Basis basis() {
            return penaltyGiven
                    ? ConfigDefaults.Basis.of(data.dataset(), model.architecture(), loop.loss(),
                            penalty == null ? null : penalty.kind())
                    : ConfigDefaults.Basis.withDefaultPenalty(
                            data.dataset(), model.architecture(), loop.loss());
        }

        /** The penalty set, or the dataset's default one when none was set. */
        private PenaltyConfig.Builder penalty(ConfigDefaults.Basis basis) {
            if (penaltyGiven || basis.penalty() == null) {
                return penalty;
            }
            return PenaltyConfig.builder().setKind(basis.penalty());
        }

        /**
         * Fills every unset field from {@link ConfigDefaults}, validates and builds.
         *
         * @return the configuration
         * @throws InvalidInputException naming the first bad field and its value
         */
        public TrainingConfig build() {
            ConfigDefaults.Basis basis = basis();
            PenaltyConfig.Builder chosenPenalty = penalty(basis);
            return new TrainingConfig(
                    runtime.build(basis),
                    data.build(basis),
                    model.build(basis),
                    loop.build(basis),
                    stabilizers.build(basis),
                    augment,
                    chosenPenalty == null ? null : chosenPenalty.build(basis),
                    cadence.build(basis),
                    reliability.build(basis),
                    seed != null ? seed : new SecureRandom().nextLong());
        }
    }
}
