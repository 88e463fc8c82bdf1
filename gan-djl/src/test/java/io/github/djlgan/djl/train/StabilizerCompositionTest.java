package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;

import org.testng.annotations.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Stabilisers are added to the loop through its builder alone: a regulariser's term reaches D's
 * loss and gradients, an input transform sees every sample D judges in both updates, and their
 * counters go into the checkpoint's trainer.json.
 */
public class StabilizerCompositionTest {

    private static final int BATCH = 64;

    /** The loop with the small test settings and any extra parts. */
    private static GanTrainer trainer(
            TrainingConfig config,
            GanModels models,
            DiscriminatorRegularizer regularizer,
            DiscriminatorInputTransform transform) {
        RunSeeds seeds = RunSeeds.derive(config.seed());
        GanTrainerBuilder builder =
                GanTrainer.builder()
                        .setModels(models)
                        .setLoss(GanLoss.of(config.loop().loss(), 0))
                        .setGeneratorOptimizer(Optimizers.of(config.loop().generatorOptimizer(), 10))
                        .setDiscriminatorOptimizer(
                                Optimizers.of(config.loop().discriminatorOptimizer(), 10))
                        .setRealData(GanSetup.realData(config, models, null))
                        .setNoise(GanSetup.noise(config, seeds.noise()))
                        .setBatchSize(BATCH)
                        .optLogEvery(1);
        if (regularizer != null) {
            builder.addRegularizer(regularizer);
        }
        if (transform != null) {
            builder.addInputTransform(transform);
        }
        return builder.build();
    }

    /**
     * A term {@code 0.75 + mean(D(x)^2)}, D evaluated again through the function the loop passes:
     * D's loss grows by exactly that term, and D's gradients differ from the plain loop's, on the
     * same parameters, batch and noise.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aRegularizersTermReachesTheLossAndTheGradients(String engine) {
        TrainingConfig config = GanTrainerTest.smallConfig(engine);
        float[][] plain = discriminatorStep(config, null);
        float[][] regularized =
                discriminatorStep(
                        config,
                        (discriminator, real, fake, realLogits, fakeLogits) ->
                                discriminator.apply(real).square().mean().add(0.75f));
        float term = plain[2][0] + 0.75f;
        // plain[2] holds mean(D(x)^2) of the plain run, the same parameters and batch.
        assertEquals(regularized[0][0], plain[0][0] + term, 1e-5f);
        boolean differ = false;
        for (int i = 0; i < plain[1].length; i++) {
            differ |= Math.abs(plain[1][i] - regularized[1][i]) > 1e-6f;
        }
        assertTrue(differ, "the term's gradient did not reach D");
    }

    /** {D loss}, D's first weight's gradient, {mean(D(x)^2)} of one discriminator pass. */
    private static float[][] discriminatorStep(
            TrainingConfig config, DiscriminatorRegularizer regularizer) {
        Engine.getEngine(config.runtime().engine()).setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = trainer(config, models, regularizer, null);
                NDManager batch = trainer.manager().newSubManager()) {
            RunSeeds seeds = RunSeeds.derive(3);
            NDList real =
                    new MixtureDataSource(config.data().syntheticDistribution().mixture(), seeds.data())
                            .next(batch, BATCH);
            NDList latent = GanSetup.noise(config, seeds.noise()).nextInput(batch, BATCH);
            NDList result = trainer.discriminatorGradients(real, latent);
            Parameter first = models.discriminator().getBlock().getParameters().valueAt(0);
            float realSquares = result.get(0).square().mean().getFloat();
            return new float[][] {
                {result.get(2).getFloat()},
                first.getArray().getGradient().toFloatArray(),
                {realSquares}
            };
        }
    }

    /**
     * With k = 2, a step judges a real and a generated minibatch in each of the two D updates and
     * a generated one in the G update: the transform sees 5 minibatches per step, and its counter
     * is in the checkpoint.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void anInputTransformSeesEverySampleDJudgesAndIsCheckpointed(String engine)
            throws IOException {
        TrainingConfig config =
                GanTrainerTest.smallConfig(engine).toBuilder().optLoop(b -> b.optDiscriminatorSteps(2)).build();
        CountingTransform counting = new CountingTransform();
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer =
                        GanTrainer.builder()
                                .setModels(models)
                                .setLoss(GanLoss.of(config.loop().loss(), 0))
                                .setGeneratorOptimizer(
                                        Optimizers.of(config.loop().generatorOptimizer(), 10))
                                .setDiscriminatorOptimizer(
                                        Optimizers.of(config.loop().discriminatorOptimizer(), 10))
                                .setRealData(GanSetup.realData(config, models, null))
                                .setNoise(GanSetup.noise(config, 1))
                                .setBatchSize(BATCH)
                                .optDiscriminatorSteps(2)
                                .addInputTransform(counting)
                                .build()) {
            trainer.fit(3, List.of());
            assertEquals(counting.batches, 3 * 5);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            trainer.checkpointParts().get(TrainerCheckpoint.TRAINER_STATE).write(json);
            assertEquals(
                    json.toString(StandardCharsets.UTF_8).trim(),
                    "{\"step\":3,\"realBatches\":6,\"noiseBatches\":9,\"countedBatches\":15}");
        }
        assertFalse(counting.open, "the trainer closes its stabilisers");
    }

    /** Leaves samples as they are and counts the minibatches it saw. */
    private static final class CountingTransform implements DiscriminatorInputTransform {
        private long batches;
        private boolean open = true;

        @Override
        public NDArray transform(NDArray samples) {
            batches++;
            return samples;
        }

        @Override
        public Map<String, Long> positions() {
            return Map.of("countedBatches", batches);
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
