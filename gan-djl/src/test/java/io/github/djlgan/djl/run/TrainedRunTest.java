package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;

import ai.djl.Device;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.train.GeneratorEma;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A trained run opens from Java with its generator EMA: its samples are those of the checkpoint's
 * averaged generator on the run's evaluation noise, and differ from the trained generator's.
 */
public class TrainedRunTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aRunOpensWithItsAveragedGenerator(String engine) throws IOException {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(b -> b.optEngine(engine))
                        .optData(b -> b.optDataset("ring8"))
                        .optLoop(b -> b.optSteps(20))
                        .optData(b -> b.optBatchSize(32))
                        .optModel(b -> b.optHiddenWidth(16))
                        .optCadence(b -> b.optLogEvery(10))
                        .optCadence(b -> b.optSampleEvery(0))
                        .optCadence(b -> b.optCheckpointEvery(10))
                        .optStabilizers(new Stabilizers(false, 0.9, 1, 0, 0, 0))
                        .optSeed(5)
                        .build();
        Path directory = Files.createTempDirectory("trained-" + engine);
        TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
        Path checkpoint = directory.resolve("checkpoints/step-00000020");

        float[] opened;
        try (TrainedRun run = TrainedRun.open(directory)) {
            assertEquals(run.config().runtime().engine(), engine);
            opened = run.sample(50);
        }
        long seed = RunSeeds.derive(config.seed()).evaluation();
        try (GanModels models = GanSetup.models(config, Device.cpu())) {
            models.loadParameters(checkpoint);
            float[] trained = models.sample(GanSetup.noise(config, seed), 50);
            models.loadGenerator(checkpoint.resolve(GeneratorEma.FILE));
            float[] averaged = models.sample(GanSetup.noise(config, seed), 50);
            assertEquals(opened, averaged);
            assertFalse(Arrays.equals(opened, trained), "the EMA equals the trained generator");
        }
    }
}
