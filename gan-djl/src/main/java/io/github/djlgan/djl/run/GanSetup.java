package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.djl.data.DatasetDataSource;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.DcganNetworks;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.LabelJoin;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.model.PaperMlpNetworks;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.Optimizers;

import java.io.IOException;

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
     * Creates the discriminator block a configuration describes, uninitialised.
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
        return switch (config.architecture()) {
            case MLP -> MlpNetworks.discriminator(config.hiddenWidth(), config.hiddenLayers());
            case DCGAN ->
                    DcganNetworks.discriminator(
                            config.imageSize(), config.channels(), config.hiddenWidth());
            case PAPER_MLP ->
                    PaperMlpNetworks.discriminator(
                            Math.max(1, config.hiddenWidth() / PaperMlpNetworks.PIECES));
        };
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
     * Reads one half of an image dataset, checking its files.
     *
     * @param config the settings, naming an image dataset
     * @param split the training or the test half
     * @return the dataset, yielding batches of the configured size
     * @throws IOException if reading fails
     * @throws io.github.djlgan.api.InvalidInputException if the files are missing or damaged
     */
    public static IdxImageDataset images(TrainingConfig config, IdxImageDataset.Split split)
            throws IOException {
        DatasetSpec.Images spec = (DatasetSpec.Images) config.datasetSpec();
        return IdxImageDataset.load(
                IdxImageDataset.locate(spec.collection(), config.dataDir()),
                split,
                config.batchSize(),
                config.architecture().pixelRange());
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
            TrainingConfig config, GanModels models, IdxImageDataset images) {
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
        RunSeeds seeds = RunSeeds.derive(config.seed());
        return GanTrainer.builder()
                .setModels(models)
                .setLoss(GanLoss.of(config.loss()))
                .setGeneratorOptimizer(Optimizers.of(config.generatorOptimizer(), config.steps()))
                .setDiscriminatorOptimizer(
                        Optimizers.of(
                                config.discriminatorOptimizer(),
                                config.steps() * config.discriminatorSteps()))
                .setRealData(realData)
                .setNoise(noise(config, seeds.noise()))
                .setBatchSize(config.batchSize())
                .optDiscriminatorSteps(config.discriminatorSteps())
                .optLogEvery(config.logEvery())
                .build();
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
