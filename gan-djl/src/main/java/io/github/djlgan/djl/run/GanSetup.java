package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.djl.augment.DiffAugment;
import io.github.djlgan.djl.data.DatasetDataSource;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.engine.EngineQuirks;
import io.github.djlgan.djl.engine.Engines;
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
                config.runtime().engine(),
                device,
                generatorBlock(config, Engines.load(config.runtime().engine())),
                discriminatorBlock(config),
                latentShape(config),
                sampleShape(config),
                config.model().classes());
    }

    /**
     * Creates the generator block a configuration describes, uninitialised, for the engine it
     * will run on (which asks the {@link EngineQuirks} registry). This is the one place an
     * architecture's name becomes a network, for training and for {@link
     * io.github.djlgan.djl.serving.GeneratorBlockFactory} alike.
     *
     * @param config the settings
     * @param engine the engine the network will be created on (for serving, the loading
     *     model's, which may differ from the one it was trained on)
     * @return G
     */
    public static Block generatorBlock(TrainingConfig config, Engine engine) {
        Block generator = unconditionalGenerator(config, engine);
        return config.model().classes() > 0
                ? new LabelJoin(generator, config.model().classes(), LabelJoin.Join.FEATURES)
                : generator;
    }

    private static Block unconditionalGenerator(TrainingConfig config, Engine engine) {
        return switch (config.model().architecture()) {
            case MLP ->
                    MlpNetworks.generator(
                            config.model().hiddenWidth(),
                            config.model().hiddenLayers(),
                            Math.toIntExact(sampleShape(config).size()),
                            config.model().generatorBatchNorm());
            case DCGAN ->
                    DcganNetworks.generator(
                            config.data().imageSize(),
                            config.data().channels(),
                            config.model().hiddenWidth(),
                            EngineQuirks.convolutionChannelMultiple(engine));
            case PAPER_MLP -> PaperMlpNetworks.generator(config.model().hiddenWidth(), sampleShape(config));
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
        if (config.model().classes() == 0) {
            return discriminator;
        }
        // Convolutions see the label as constant feature maps; MLPs as extra inputs.
        LabelJoin.Join join =
                config.model().architecture() == ArchitectureKind.DCGAN
                        ? LabelJoin.Join.CHANNELS
                        : LabelJoin.Join.FEATURES;
        return new LabelJoin(discriminator, config.model().classes(), join);
    }

    private static Block unconditionalDiscriminator(TrainingConfig config) {
        SequentialBlock network = switch (config.model().architecture()) {
            case MLP -> MlpNetworks.discriminator(config.model().hiddenWidth(),
                    config.model().hiddenLayers(), config.model().maxoutPieces());
            case DCGAN ->
                    DcganNetworks.discriminator(
                            config.data().imageSize(), config.data().channels(),
                            config.model().hiddenWidth(),
                            DcganNetworks.Normalization.forPenalty(config.penalty()));
            case PAPER_MLP ->
                    PaperMlpNetworks.discriminator(
                            Math.max(1, config.model().hiddenWidth() / PaperMlpNetworks.PIECES));
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
        return new Shape(config.model().latentDim());
    }

    /**
     * Returns the shape of one sample: a point for a built-in distribution, {@code (channels,
     * size, size)} for images.
     *
     * @param config the settings
     * @return the sample shape, without the batch axis
     */
    public static Shape sampleShape(TrainingConfig config) {
        return config.data().datasetSpec().isImage()
                ? new Shape(config.data().channels(), config.data().imageSize(),
                        config.data().imageSize())
                : new Shape(config.data().syntheticDistribution().mixture().dimension());
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
    public static ImageDataset images(TrainingConfig config, Dataset.Usage split)
            throws IOException {
        if (config.data().datasetSpec() instanceof DatasetSpec.Images spec) {
            return IdxImageDataset.load(
                    spec.collection(),
                    IdxImageDataset.locate(spec.collection(), config.data().dataDir()),
                    split,
                    config.data().imageSize(),
                    config.data().batchSize(),
                    config.model().architecture().pixelRange());
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
        DatasetSpec spec = config.data().datasetSpec();
        if (spec instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.load(
                    Paths.get(folder.path()),
                    config.data().imageSize(),
                    config.data().channels(),
                    config.data().batchSize(),
                    config.model().architecture().pixelRange(),
                    config.data().background());
        }
        return new ImageDataset.Splits(
                images(config, Dataset.Usage.TRAIN), images(config, Dataset.Usage.TEST));
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
        DatasetSpec spec = config.data().datasetSpec();
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
    public static int imageCount(TrainingConfig config, Dataset.Usage split)
            throws IOException {
        DatasetSpec spec = config.data().datasetSpec();
        if (spec instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.count(Paths.get(folder.path()), split);
        }
        DatasetSpec.Images images = (DatasetSpec.Images) spec;
        return IdxImageDataset.count(
                IdxImageDataset.locate(images.collection(), config.data().dataDir()), split);
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
                    config.data().batchSize(),
                    models.discriminator().getNDManager(),
                    config.model().classes() > 0);
        }
        return new MixtureDataSource(
                config.data().syntheticDistribution().mixture(),
                RunSeeds.derive(config.seed()).data());
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
        return trainer(config, models, realData, Optional.ofNullable(config.penalty()));
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
                                        config.data().batchSize(),
                                        new SplittableRandom(seeds.data()).split().nextLong()));
        Stabilizers stabilizers = config.stabilizers();
        GanTrainerBuilder builder =
                GanTrainer.builder()
                        .setModels(models)
                        .setLoss(GanLoss.of(config.loop().loss(), stabilizers.labelSmoothing()))
                        .setGeneratorOptimizer(
                                Optimizers.of(
                                        config.loop().generatorOptimizer(),
                                        config.loop().steps()))
                        .setDiscriminatorOptimizer(
                                Optimizers.of(
                                        config.loop().discriminatorOptimizer(),
                                        config.loop().steps() * config.loop().discriminatorSteps()))
                        .setRealData(realData)
                        .setNoise(noise(config, seeds.noise()))
                        .setBatchSize(config.data().batchSize())
                        .optDiscriminatorSteps(config.loop().discriminatorSteps())
                        .optLogEvery(config.cadence().logEvery());
        // Augmentation first: instance noise then goes on top of the augmented images.
        if (config.augment().enabled()) {
            builder.addInputTransform(
                    DiffAugment.of(
                            config.augment(),
                            models.sampleShape(),
                            config.model().architecture().pixelRange(),
                            DiffAugment.streamSeed(seeds),
                            models.discriminator().getNDManager()));
        }
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
        return new NoiseSource(config.model().noise(), config.model().latentDim(),
                config.model().classes(), seed);
    }
}
