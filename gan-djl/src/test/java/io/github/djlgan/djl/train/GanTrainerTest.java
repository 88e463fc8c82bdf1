package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

public class GanTrainerTest {

    static TrainingConfig smallConfig(String engine) {
        return TrainingConfig.builder()
                .optRuntime(r -> r.optEngine(engine))
                .optData(d -> d.optBatchSize(64))
                .optModel(m -> m.optHiddenWidth(32))
                .optCadence(c -> c.optLogEvery(1))
                .optSeed(7)
                .build();
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void oneDiscriminatorUpdateIncreasesItsObjectiveOnAFixedBatch(String engine) {
        // G is not updated here, so G(z) of the fixed noise is a fixed batch of fakes.
        TrainingConfig config = smallConfig(engine);
        Engine.getEngine(engine).setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models);
                NDManager batch = trainer.manager().newSubManager()) {
            RunSeeds seeds = RunSeeds.derive(3);
            NDList real =
                    new MixtureDataSource(config.data().syntheticDistribution().mixture(),
                            seeds.data())
                            .next(batch, 64);
            NDList latent = GanSetup.noise(config, seeds.noise()).nextInput(batch, 64);
            float before = trainer.discriminatorGradients(real, latent).get(2).getFloat();
            trainer.updateDiscriminator(batch);
            float after = trainer.discriminatorGradients(real, latent).get(2).getFloat();
            // The D loss is -V(D, G) on this batch: lower loss, higher objective.
            assertTrue(after < before, "D loss went from " + before + " to " + after);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void oneGeneratorUpdateDecreasesItsLossOnFixedNoise(String engine) {
        TrainingConfig config = smallConfig(engine);
        Engine.getEngine(engine).setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models);
                NDManager batch = trainer.manager().newSubManager()) {
            NDList latent = GanSetup.noise(config, 5).nextInput(batch, 64);
            float[] discriminatorBefore = models.discriminator().getBlock().getParameters()
                    .valueAt(0).getArray().toFloatArray();
            float before = trainer.generatorGradients(latent).getFloat();
            trainer.updateGenerator(batch);
            float after = trainer.generatorGradients(latent).getFloat();
            assertTrue(after < before, "G loss went from " + before + " to " + after);
            float[] discriminatorAfter = models.discriminator().getBlock().getParameters()
                    .valueAt(0).getArray().toFloatArray();
            assertEquals(discriminatorAfter, discriminatorBefore, 0f, "the G step moved D");
        }
    }

    /**
     * The generator update's backward pass runs through D but must leave D's gradients as the D
     * update left them: PyTorch would add G's pull to them (and the next D update would use it),
     * MXNet would overwrite them.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theGeneratorUpdateLeavesNoGradientOnTheDiscriminator(String engine)
            throws IOException {
        TrainingConfig config = smallConfig(engine);
        Engine.getEngine(engine).setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models);
                NDManager batch = trainer.manager().newSubManager()) {
            trainer.fit(2, List.of());
            List<float[]> before = discriminatorGradients(models);
            NDArray generatorLoss =
                    trainer.generatorGradients(GanSetup.noise(config, 5).nextInput(batch, 64));
            assertTrue(generatorLoss.getFloat() > 0, "the G loss is a softplus, positive");
            Parameter first = models.generator().getBlock().getParameters().valueAt(0);
            assertTrue(
                    first.getArray().getGradient().abs().sum().getFloat() > 0,
                    "the G update left no gradient on G");
            List<float[]> after = discriminatorGradients(models);
            for (int i = 0; i < before.size(); i++) {
                assertEquals(after.get(i), before.get(i), 0f, "D's gradient " + i + " changed");
            }
        }
    }

    private static List<float[]> discriminatorGradients(GanModels models) {
        List<float[]> gradients = new ArrayList<>();
        for (Parameter parameter : models.discriminator().getBlock().getParameters().values()) {
            if (parameter.requiresGradient()) {
                try (NDArray gradient = parameter.getArray().getGradient()) {
                    gradients.add(gradient.toFloatArray());
                }
            }
        }
        return gradients;
    }

    /**
     * A discriminator whose weights are all zero passes no gradient to the generator: G's
     * gradients are all exactly zero on the first step. That is a legal state (a saturated D gives
     * it too), not an error as in DJL's Trainer.step(): the step goes on, and Adam's update of a
     * zero gradient leaves G as it was.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aFirstStepWithAllZeroGeneratorGradientsIsNoError(String engine)
            throws IOException {
        TrainingConfig config = smallConfig(engine);
        Engine.getEngine(engine).setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models)) {
            for (Parameter parameter :
                    models.discriminator().getBlock().getParameters().values()) {
                parameter.getArray().muli(0);
            }
            Parameter first = models.generator().getBlock().getParameters().valueAt(0);
            float[] before = first.getArray().toFloatArray();
            trainer.generatorGradients(
                    GanSetup.noise(config, 5).nextInput(trainer.manager(), 64));
            assertEquals(first.getArray().getGradient().abs().sum().getFloat(), 0f);
            trainer.updateGenerator(trainer.manager());
            assertEquals(first.getArray().toFloatArray(), before, 0f);
            trainer.fit(3, List.of());
            assertEquals(trainer.step(), 3);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void stepsLeaveNoArraysBehind(String engine) throws IOException {
        TrainingConfig config = smallConfig(engine);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models)) {
            // The first steps create the optimisers' state; after that nothing may accumulate.
            trainer.fit(2, List.of());
            int trainerArrays = trainer.manager().getManagedArrays().size();
            int generatorArrays = models.generator().getNDManager().getManagedArrays().size();
            int discriminatorArrays =
                    models.discriminator().getNDManager().getManagedArrays().size();
            trainer.fit(12, List.of());
            assertEquals(trainer.manager().getManagedArrays().size(), trainerArrays);
            assertEquals(
                    models.generator().getNDManager().getManagedArrays().size(), generatorArrays);
            assertEquals(
                    models.discriminator().getNDManager().getManagedArrays().size(),
                    discriminatorArrays);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void statsAverageTheStepsSinceTheLastRead(String engine) throws IOException {
        TrainingConfig config = smallConfig(engine);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models)) {
            trainer.trainStep();
            trainer.trainStep();
            trainer.trainStep();
            StepStats stats = trainer.drainStats();
            assertEquals(stats.step(), 3);
            assertEquals(stats.steps(), 3);
            assertTrue(stats.isFinite());
            assertTrue(stats.realScore() > 0 && stats.realScore() < 1);
            assertTrue(stats.fakeScore() > 0 && stats.fakeScore() < 1);
            // Binary cross-entropy of two halves is at least 0; near log 4 for an untrained D.
            assertTrue(stats.discriminatorLoss() > 0.5 && stats.discriminatorLoss() < 3,
                    "D loss " + stats.discriminatorLoss());
            assertEquals(trainer.drainStats().steps(), 0);
        }
    }
}
