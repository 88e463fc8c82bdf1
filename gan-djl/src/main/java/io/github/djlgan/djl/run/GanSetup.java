package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.Optimizers;

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
        GaussianMixture mixture = config.syntheticDistribution().mixture();
        return GanModels.create(
                config.engine(),
                device,
                MlpNetworks.generator(
                        config.hiddenWidth(), config.hiddenLayers(), mixture.dimension()),
                MlpNetworks.discriminator(config.hiddenWidth(), config.hiddenLayers()),
                new Shape(config.latentDim()),
                new Shape(mixture.dimension()));
    }

    /**
     * Creates a trainer for models built by {@link #models}, its data and noise streams seeded
     * from the run's seed.
     *
     * @param config the settings
     * @param models the models to train
     * @return the trainer
     */
    public static GanTrainer trainer(TrainingConfig config, GanModels models) {
        RunSeeds seeds = RunSeeds.derive(config.seed());
        return GanTrainer.builder()
                .setModels(models)
                .setLoss(GanLoss.of(config.loss()))
                .setGeneratorOptimizer(Optimizers.of(config.generatorOptimizer(), config.steps()))
                .setDiscriminatorOptimizer(
                        Optimizers.of(
                                config.discriminatorOptimizer(),
                                config.steps() * config.discriminatorSteps()))
                .setRealData(
                        new MixtureDataSource(config.syntheticDistribution().mixture(), seeds.data()))
                .setNoise(noise(config, seeds.noise()))
                .setBatchSize(config.batchSize())
                .optDiscriminatorSteps(config.discriminatorSteps())
                .optLogEvery(config.logEvery())
                .build();
    }

    /**
     * Creates a noise source of the configured prior and size.
     *
     * @param config the settings
     * @param seed the seed of the stream
     * @return the source
     */
    public static NoiseSource noise(TrainingConfig config, long seed) {
        return new NoiseSource(config.noise(), config.latentDim(), seed);
    }
}
