package io.github.djlgan.djl.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.loss.NonSaturatingLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.Optimizers;

/**
 * One {@link ReferenceModel} being trained on one engine with the benchmark settings: Adam (lr
 * 2e-4, betas 0.5 / 0.999) for both networks, binary cross-entropy on logits for D, the
 * non-saturating loss for G, k = 1, Gaussian z. The iteration timed is {@link
 * GanTrainer#trainStep()}, the same code {@code gan train} runs.
 */
public final class ReferenceTraining implements AutoCloseable {

    /** The learning rate of both networks. */
    public static final double LEARNING_RATE = OptimizerConfig.DCGAN_LEARNING_RATE;

    private final ReferenceModel model;
    private final String engine;
    private final GanModels models;
    private final RealDataSource realData;
    private final GanTrainer trainer;

    private ReferenceTraining(ReferenceModel model, String engine, Device device, long seed) {
        this.model = model;
        this.engine = engine;
        RunSeeds seeds = RunSeeds.derive(seed);
        Engine.getEngine(engine).setRandomSeed(seeds.engine());
        this.models = model.create(engine, device);
        this.realData = model.realData(seeds.data());
        OptimizerConfig adam = OptimizerConfig.adam(LEARNING_RATE);
        this.trainer =
                GanTrainer.builder()
                        .setModels(models)
                        .setLoss(new NonSaturatingLoss())
                        .setGeneratorOptimizer(Optimizers.of(adam, 1))
                        .setDiscriminatorOptimizer(Optimizers.of(adam, 1))
                        .setRealData(realData)
                        .setNoise(
                                new NoiseSource(
                                        NoiseKind.GAUSSIAN,
                                        Math.toIntExact(models.latentShape().size()),
                                        seeds.noise()))
                        .setBatchSize(model.batchSize())
                        .build();
    }

    /**
     * Builds the models and the trainer.
     *
     * @param model the reference model
     * @param engine the DJL engine name
     * @param device the device
     * @param seed the seed of parameters, data and noise
     * @return the training, ready for {@link #iterate}
     */
    public static ReferenceTraining create(
            ReferenceModel model, String engine, Device device, long seed) {
        return new ReferenceTraining(model, engine, device, seed);
    }

    /**
     * Returns the model trained.
     *
     * @return the reference model
     */
    public ReferenceModel model() {
        return model;
    }

    /**
     * Returns the engine it trains on.
     *
     * @return the engine name
     */
    public String engine() {
        return engine;
    }

    /**
     * Returns the models being trained (a test counts their arrays).
     *
     * @return G and D
     */
    GanModels models() {
        return models;
    }

    /**
     * Runs training iterations (one D update, then one G update, each) without waiting for the
     * engine.
     *
     * @param iterations how many
     */
    public void iterate(int iterations) {
        for (int i = 0; i < iterations; i++) {
            trainer.trainStep();
        }
    }

    /**
     * Waits for the engine by reading back the mean D loss of the iterations since the last call:
     * an asynchronous engine has then finished all the work queued.
     *
     * @return the mean D loss
     */
    public double finish() {
        return trainer.drainStats().discriminatorLoss();
    }

    @Override
    public void close() {
        trainer.close();
        realData.close();
        models.close();
    }
}
