package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.djl.data.DatasetDataSource;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.DcganNetworks;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.LabelJoin;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.model.PackedDiscriminator;
import io.github.djlgan.djl.model.PaperMlpNetworks;
import io.github.djlgan.djl.model.SpectralNorm;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.stabilizer.InstanceNoise;
import io.github.djlgan.djl.stabilizer.WeightClipping;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.GanTrainerBuilder;
import io.github.djlgan.djl.train.Optimizers;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Builds the parts of a GAN that a {@link TrainingConfig} describes. */
public final class GanSetup {

    private GanSetup() {}

    /**
     * Creates G and D for a configuration, parameters initialised from the engine's generator.
     *
     * @param config the settings
     * @param device the device
     * @return the models
     */
    public static GanModels models(TrainingConfig config, Device device) {
        return GanModels.create(
                config.engine(),
                device,
                generatorBlock(config),
                discriminatorBlock(config),
                latentShape(config),
                sampleShape(config),
                config.classes());
    }

    /**
     * Creates the generator block a configuration describes, uninitialised. This is the one
     * place an architecture's name becomes a network, for training and for {@link
     * io.github.djlgan.djl.serving.GeneratorBlockFactory} alike.
     *
     * @param config the settings
     * @return G
     */
    public static Block generatorBlock(TrainingConfig config) {
        Block generator = unconditionalGenerator(config);
        return config.classes() > 0
                ? new LabelJoin(generator, config.classes(), LabelJoin.Join.FEATURES)
                : generator;
    }

    private static Block unconditionalGenerator(TrainingConfig config) {
        return switch (config.architecture()) {
            case MLP ->
                    MlpNetworks.generator(
                            config.hiddenWidth(),
                            config.hiddenLayers(),
                            Math.toIntExact(sampleShape(config).size()));
            case DCGAN ->
                    DcganNetworks.generator(
                            config.imageSize(), config.channels(), config.hiddenWidth());
            case PAPER_MLP -> PaperMlpNetworks.generator(config.hiddenWidth(), sampleShape(config));
        };
    }

    /**
     * Creates the discriminator block a configuration describes, uninitialised, with the
     * stabilisers that change its architecture (spectral normalisation, packing).
     *
     * @param config the settings
     * @return D
     */
    public static Block discriminatorBlock(TrainingConfig config) {
        Block discriminator = unconditionalDiscriminator(config);
        if (config.classes() == 0) {
            return discriminator;
        }
        // Convolutions see the label as constant feature maps; MLPs as extra inputs.
        LabelJoin.Join join =
                config.architecture() == ArchitectureKind.DCGAN
                        ? LabelJoin.Join.CHANNELS
                        : LabelJoin.Join.FEATURES;
        return new LabelJoin(discriminator, config.classes(), join);
    }

    private static Block unconditionalDiscriminator(TrainingConfig config) {
        SequentialBlock network = switch (config.architecture()) {
            case MLP -> MlpNetworks.discriminator(config.hiddenWidth(), config.hiddenLayers());
            case DCGAN ->
                    DcganNetworks.discriminator(
                            config.imageSize(), config.channels(), config.hiddenWidth());
            case PAPER_MLP ->
                    PaperMlpNetworks.discriminator(
                            Math.max(1, config.hiddenWidth() / PaperMlpNetworks.PIECES));
        };
        return stabilised(config, network);
    }

    /**
     * Applies the configured stabilisers that change D's architecture: spectral normalisation of
     * its layers, then packing.
     *
     * @param config the settings
     * @param network the plain discriminator, not yet initialised
     * @return the discriminator to train
     */
    private static Block stabilised(TrainingConfig config, SequentialBlock network) {
        Stabilizers stabilizers = config.stabilizers();
        SequentialBlock layers =
                stabilizers.spectralNorm() ? SpectralNorm.wrapLayers(network) : network;
        return stabilizers.pack() > 1
                ? new PackedDiscriminator(layers, stabilizers.pack())
                : layers;
    }

    /**
     * Returns the shape of one z.
     *
     * @param config the settings
     * @return the latent shape, without the batch axis
     */
    public static Shape latentShape(TrainingConfig config) {
        return new Shape(config.latentDim());
    }

    /**
     * Returns the shape of one sample: a point for a built-in distribution, {@code (channels,
     * size, size)} for images.
     *
     * @param config the settings
     * @return the sample shape, without the batch axis
     */
    public static Shape sampleShape(TrainingConfig config) {
        return config.datasetSpec().isImage()
                ? new Shape(config.channels(), config.imageSize(), config.imageSize())
                : new Shape(config.syntheticDistribution().mixture().dimension());
    }

    /**
     * Reads one part of an image dataset, checking its files, at the configured size and
     * channels.
     *
     * @param config the settings, naming an image dataset
     * @param split the training or the test part
     * @return the dataset, yielding batches of the configured size
     * @throws IOException if reading fails
     * @throws io.github.djlgan.api.InvalidInputException if the files are missing or damaged
     */
    public static ImageDataset images(TrainingConfig config, ImageDataset.Split split)
            throws IOException {
        if (config.datasetSpec() instanceof DatasetSpec.Images spec) {
            return IdxImageDataset.load(
                    spec.collection(),
                    IdxImageDataset.locate(spec.collection(), config.dataDir()),
                    split,
                    config.imageSize(),
                    config.batchSize(),
                    config.architecture().pixelRange());
        }
        return images(config).get(split);
    }

    /**
     * Reads both parts of an image dataset, checking its files, at the configured size and
     * channels; an image folder is read once for both.
     *
     * @param config the settings, naming an image dataset
     * @return the training and the held-out images, yielding batches of the configured size
     * @throws IOException if reading fails
     * @throws io.github.djlgan.api.InvalidInputException if the files are missing or damaged
     */
    public static ImageDataset.Splits images(TrainingConfig config) throws IOException {
        DatasetSpec spec = config.datasetSpec();
        if (spec instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.load(
                    Paths.get(folder.path()),
                    config.imageSize(),
                    config.channels(),
                    config.batchSize(),
                    config.architecture().pixelRange());
        }
        return new ImageDataset.Splits(
                images(config, ImageDataset.Split.TRAIN), images(config, ImageDataset.Split.TEST));
    }

    /**
     * Names the classes of an image dataset, without decoding its images.
     *
     * @param config the settings, naming an image dataset
     * @return the class names, label 0 first
     * @throws IOException if a folder cannot be listed
     * @throws io.github.djlgan.api.InvalidInputException if a folder is missing or empty
     */
    public static List<String> imageClassNames(TrainingConfig config) throws IOException {
        DatasetSpec spec = config.datasetSpec();
        if (spec instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.classNames(Paths.get(folder.path()));
        }
        return ((DatasetSpec.Images) spec).collection().classNames();
    }

    /**
     * Counts the images of one part of an image dataset without decoding them.
     *
     * @param config the settings, naming an image dataset
     * @param split the training or the test part
     * @return the number of images (for a folder, of picture files, readable or not)
     * @throws IOException if reading fails
     * @throws io.github.djlgan.api.InvalidInputException if the files are missing
     */
    public static int imageCount(TrainingConfig config, ImageDataset.Split split)
            throws IOException {
        DatasetSpec spec = config.datasetSpec();
        if (spec instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.count(Paths.get(folder.path()), split);
        }
        DatasetSpec.Images images = (DatasetSpec.Images) spec;
        return IdxImageDataset.count(
                IdxImageDataset.locate(images.collection(), config.dataDir()), split);
    }

    /**
     * Creates the stream of real minibatches.
     *
     * @param config the settings
     * @param models the models (their manager owns an image source's batches)
     * @param images the training images for an image dataset, else null
     * @return the source
     */
    public static RealDataSource realData(
            TrainingConfig config, GanModels models, ImageDataset images) {
        if (images != null) {
            return new DatasetDataSource(
                    images,
                    models.sampleShape(),
                    config.batchSize(),
                    models.discriminator().getNDManager(),
                    config.classes() > 0);
        }
        return new MixtureDataSource(
                config.syntheticDistribution().mixture(), RunSeeds.derive(config.seed()).data());
    }

    /**
     * Creates a trainer for models built by {@link #models}.
     *
     * @param config the settings
     * @param models the models to train
     * @param realData the real minibatches
     * @return the trainer
     */
    public static GanTrainer trainer(
            TrainingConfig config, GanModels models, RealDataSource realData) {
        return trainer(config, models, realData, Optional.empty());
    }

    /**
     * Creates a trainer for models built by {@link #models}, with a gradient penalty on D when
     * one is given. The penalty's random numbers come from the run's seed (a stream split off the
     * data seed's), and its engine support is checked here, before training ({@link
     * GradientPenalties#create}).
     *
     * @param config the settings
     * @param models the models to train
     * @param realData the real minibatches
     * @param penalty the gradient penalty, or empty for none
     * @return the trainer
     * @throws io.github.djlgan.api.InvalidInputException if the engine cannot compute the penalty
     *     exactly for this discriminator
     */
    public static GanTrainer trainer(
            TrainingConfig config,
            GanModels models,
            RealDataSource realData,
            Optional<PenaltyConfig> penalty) {
        RunSeeds seeds = RunSeeds.derive(config.seed());
        // First: it may refuse the engine, and then nothing that holds native memory exists yet.
        Optional<GradientPenalty> regularizer =
                penalty.map(
                        chosen ->
                                GradientPenalties.create(
                                        chosen,
                                        models,
                                        config.batchSize(),
                                        new SplittableRandom(seeds.data()).split().nextLong()));
        Stabilizers stabilizers = config.stabilizers();
        GanTrainerBuilder builder =
                GanTrainer.builder()
                        .setModels(models)
                        .setLoss(GanLoss.of(config.loss(), stabilizers.labelSmoothing()))
                        .setGeneratorOptimizer(
                                Optimizers.of(config.generatorOptimizer(), config.steps()))
                        .setDiscriminatorOptimizer(
                                Optimizers.of(
                                        config.discriminatorOptimizer(),
                                        config.steps() * config.discriminatorSteps()))
                        .setRealData(realData)
                        .setNoise(noise(config, seeds.noise()))
                        .setBatchSize(config.batchSize())
                        .optDiscriminatorSteps(config.discriminatorSteps())
                        .optLogEvery(config.logEvery());
        regularizer.ifPresent(builder::addRegularizer);
        if (stabilizers.instanceNoise() > 0) {
            builder.addInputTransform(
                    new InstanceNoise(
                            (float) stabilizers.instanceNoise(),
                            Math.toIntExact(models.sampleShape().size()),
                            new SplittableRandom(seeds.noise()).split().nextLong()));
        }
        if (stabilizers.weightClip() > 0) {
            builder.addConstraint(
                    new WeightClipping(
                            (float) stabilizers.weightClip(),
                            models.discriminator().getNDManager()));
        }
        return builder.build();
    }

    /**
     * Creates a trainer on synthetic data, whose real samples need no files.
     *
     * @param config the settings, naming a built-in distribution
     * @param models the models to train
     * @return the trainer
     */
    public static GanTrainer trainer(TrainingConfig config, GanModels models) {
        return trainer(config, models, realData(config, models, null));
    }

    /**
     * Creates a noise source of the configured prior and size, drawing labels too for a
     * conditional GAN.
     *
     * @param config the settings
     * @param seed the seed of the stream
     * @return the source
     */
    public static NoiseSource noise(TrainingConfig config, long seed) {
        return new NoiseSource(config.noise(), config.latentDim(), config.classes(), seed);
    }
}
