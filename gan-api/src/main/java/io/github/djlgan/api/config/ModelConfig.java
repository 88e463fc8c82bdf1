package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.CLASSES;
import static io.github.djlgan.api.config.ConfigDefaults.GENERATOR_BATCH_NORM;
import static io.github.djlgan.api.config.ConfigDefaults.HIDDEN_LAYERS;
import static io.github.djlgan.api.config.ConfigDefaults.HIDDEN_WIDTH;
import static io.github.djlgan.api.config.ConfigDefaults.LATENT_DIM;
import static io.github.djlgan.api.config.ConfigDefaults.MAXOUT_PIECES;
import static io.github.djlgan.api.config.ConfigDefaults.NOISE;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.api.data.DatasetSpec;

import java.util.List;
import java.util.Objects;

/**
 * The generator G and the discriminator D, and the prior G draws from.
 *
 * @param architecture the networks: {@code mlp} for the built-in distributions, {@code dcgan} or
 *     the paper's {@code paper-mlp} for images
 * @param noise the prior p_z
 * @param latentDim the size of z, at least 1
 * @param hiddenWidth the width of each hidden layer of both MLPs, DCGAN's base number of feature
 *     maps, or paper-mlp's generator width (its discriminator has width / 5 maxout units)
 * @param hiddenLayers the number of hidden layers of both MLPs (DCGAN's depth follows the image
 *     size), at least 1
 * @param classes the number of classes of a conditional GAN (Mirza and Osindero 2014), whose G
 *     and D both see the label; 0 for an unconditional GAN, never 1
 * @param classNames the names of a conditional GAN's classes, label 0 first (for an image folder
 *     its class folders' names, for Fashion-MNIST its standard names), recorded from the data
 *     when a run starts; empty for an unconditional GAN and where they are unknown (runs started
 *     before names were recorded), the labels then going by number. See {@link ClassNames}.
 * @param generatorBatchNorm whether the {@code mlp} generator normalises each hidden layer's
 *     pre-activations over the minibatch (Ioffe and Szegedy 2015), as PacGAN's grid generator
 *     does; false for the other architectures, whose own design decides
 * @param maxoutPieces the pieces of each maxout unit (Goodfellow et al. 2013) of the {@code mlp}
 *     discriminator's hidden layers, 2 to {@value #MAX_PIECES}, as PacGAN's grid discriminator
 *     (5 pieces); 0 for LeakyReLU units, and for the other architectures
 */
public record ModelConfig(
        ArchitectureKind architecture,
        NoiseKind noise,
        int latentDim,
        int hiddenWidth,
        int hiddenLayers,
        int classes,
        List<String> classNames,
        boolean generatorBatchNorm,
        int maxoutPieces) {

    /** The most pieces a maxout unit may have. */
    public static final int MAX_PIECES = 16;

    /** The largest latent size and hidden width accepted: 2^16 units. */
    public static final int MAX_WIDTH = 1 << 16;

    /** The most hidden layers accepted. */
    public static final int MAX_LAYERS = 64;

    /** Validates every field, naming the field and the bad value. */
    public ModelConfig {
        Check.notNull("architecture", architecture);
        Check.notNull("noise", noise);
        Check.atLeast("latentDim", latentDim, 1);
        Check.atLeast("hiddenWidth", hiddenWidth, 1);
        Check.atLeast("hiddenLayers", hiddenLayers, 1);
        // Refused before anything is allocated: one layer of a wider MLP holds 2^32 weights
        // (16 GiB), more than this toolkit's machines have.
        Check.atMost("latentDim", latentDim, MAX_WIDTH, "a layer's weights must fit in memory");
        Check.atMost("hiddenWidth", hiddenWidth, MAX_WIDTH, "a layer's weights must fit in memory");
        Check.atMost("hiddenLayers", hiddenLayers, MAX_LAYERS, "deeper MLPs do not train here");
        Check.atLeast("classes", classes, 0);
        if (classes == 1) {
            throw new InvalidInputException(
                    "conditional training needs at least 2 classes, got 1");
        }
        if (Check.notNull("classNames", classNames).stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("classNames must not hold null, got " + classNames);
        }
        classNames = List.copyOf(classNames);
        if (!classNames.isEmpty()) {
            ClassNames.check(classNames, classes);
        }
        if (maxoutPieces != 0) {
            Check.atLeast("maxoutPieces", maxoutPieces, 2);
            Check.atMost("maxoutPieces", maxoutPieces, MAX_PIECES, "more pieces only cost time");
        }
        if ((generatorBatchNorm || maxoutPieces != 0) && architecture != ArchitectureKind.MLP) {
            throw new InvalidInputException("generatorBatchNorm and maxoutPieces apply to the mlp"
                    + " architecture only, not to " + architecture.id());
        }
    }

    /**
     * Returns a builder; unset fields take {@link ConfigDefaults}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optArchitecture(architecture)
                .optNoise(noise)
                .optLatentDim(latentDim)
                .optHiddenWidth(hiddenWidth)
                .optHiddenLayers(hiddenLayers)
                .optClasses(classes)
                .optClassNames(classNames)
                .optGeneratorBatchNorm(generatorBatchNorm)
                .optMaxoutPieces(maxoutPieces);
    }

    /**
     * Tells whether G and D see each sample's class.
     *
     * @return whether {@link #classes()} is positive
     */
    public boolean conditional() {
        return classes > 0;
    }

    /**
     * Returns the classes G and D are conditioned on, with the lookup from a class name or number
     * to a label.
     *
     * @return the classes: {@link #classNames()}, or the labels' numbers where those are unknown;
     *     none for an unconditional GAN
     */
    public ClassNames labels() {
        return ClassNames.of(classNames, classes);
    }

    /** Builds a {@link ModelConfig}. */
    public static final class Builder {

        private ArchitectureKind architecture;
        private NoiseKind noise;
        private Integer latentDim;
        private Integer hiddenWidth;
        private Integer hiddenLayers;
        private Integer classes;
        private List<String> classNames;
        private boolean conditional;
        private Boolean generatorBatchNorm;
        private Integer maxoutPieces;

        Builder() {}

        /**
         * Sets whether the mlp generator batch-normalises its hidden layers. Default {@link
         * ConfigDefaults#GENERATOR_BATCH_NORM}.
         *
         * @param generatorBatchNorm whether to
         * @return this builder
         */
        public Builder optGeneratorBatchNorm(boolean generatorBatchNorm) {
            this.generatorBatchNorm = generatorBatchNorm;
            return this;
        }

        /**
         * Sets the pieces of the mlp discriminator's maxout units; 0 for LeakyReLU units.
         * Default {@link ConfigDefaults#MAXOUT_PIECES}.
         *
         * @param maxoutPieces 0, or 2 to {@value ModelConfig#MAX_PIECES}
         * @return this builder
         */
        public Builder optMaxoutPieces(int maxoutPieces) {
            this.maxoutPieces = maxoutPieces;
            return this;
        }

        /**
         * Sets the architecture. Default {@link ConfigDefaults#ARCHITECTURE}.
         *
         * @param architecture the networks
         * @return this builder
         */
        public Builder optArchitecture(ArchitectureKind architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the prior p_z. Default {@link ConfigDefaults#NOISE}.
         *
         * @param noise the prior
         * @return this builder
         */
        public Builder optNoise(NoiseKind noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the size of z. Default {@link ConfigDefaults#LATENT_DIM}.
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
         * Default {@link ConfigDefaults#HIDDEN_WIDTH}.
         *
         * @param hiddenWidth the number of units
         * @return this builder
         */
        public Builder optHiddenWidth(int hiddenWidth) {
            this.hiddenWidth = hiddenWidth;
            return this;
        }

        /**
         * Sets the number of hidden layers of each network. Default {@link
         * ConfigDefaults#HIDDEN_LAYERS}.
         *
         * @param hiddenLayers the depth
         * @return this builder
         */
        public Builder optHiddenLayers(int hiddenLayers) {
            this.hiddenLayers = hiddenLayers;
            return this;
        }

        /**
         * Makes the GAN conditional on the dataset's labels (Mirza and Osindero 2014), with as
         * many classes as an IDX collection has; a folder's classes must be given with {@link
         * #optClasses} (gan-djl's {@code RunPlanning.conditional} counts them). Default false.
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
         * dataset's when {@link #optConditional} is set, else {@link ConfigDefaults#CLASSES}.
         *
         * @param classes the number of classes
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the names of the classes, label 0 first, as many as there are classes. Default:
         * none (the labels go by number); a run records its data's names when it starts.
         *
         * @param classNames the names; an empty list for none
         * @return this builder
         */
        public Builder optClassNames(List<String> classNames) {
            this.classNames = classNames;
            return this;
        }

        /**
         * Returns the architecture set, or null.
         *
         * @return the architecture
         */
        ArchitectureKind architecture() {
            return architecture;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on; its architecture is the one built
         * @return the settings
         * @throws InvalidInputException naming a bad field and its value
         */
        public ModelConfig build(ConfigDefaults.Basis basis) {
            return new ModelConfig(
                    basis.architecture(),
                    Check.or(noise, NOISE, basis),
                    Check.or(latentDim, LATENT_DIM, basis),
                    Check.or(hiddenWidth, HIDDEN_WIDTH, basis),
                    Check.or(hiddenLayers, HIDDEN_LAYERS, basis),
                    conditional && (classes == null || classes == 0)
                            ? datasetClasses(basis.dataset())
                            : Check.or(classes, CLASSES, basis),
                    classNames == null ? List.of() : classNames,
                    Check.or(generatorBatchNorm, GENERATOR_BATCH_NORM, basis),
                    Check.or(maxoutPieces, MAXOUT_PIECES, basis));
        }

        private static int datasetClasses(DatasetSpec spec) {
            if (spec instanceof DatasetSpec.Images images) {
                return images.collection().classNames().size();
            }
            if (spec instanceof DatasetSpec.Folder) {
                throw new InvalidInputException(
                        "conditional training on " + spec.id() + " needs its number of classes"
                                + " (optClasses), which only its files tell");
            }
            throw TrainingConfig.unlabelled(spec);
        }
    }
}
