package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class TrainingRunTest {

    /**
     * The default configuration (10,000 steps) with a fixed seed learns all of ring8: at least 7
     * of 8 modes and at least 80% of samples within 3 std of a mode, on each engine.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void defaultRing8RunCoversTheModes(String engine) throws IOException {
        Path directory = Files.createTempDirectory("ring8-" + engine);
        TrainingConfig config =
                TrainingConfig.builder()
                        .optEngine(engine)
                        .optSeed(1)
                        .optSampleEvery(0)
                        .optCheckpointEvery(0)
                        .build();
        TrainingSummary summary =
                TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
        assertEquals(summary.steps(), 10_000);
        assertTrue(summary.coverage().modesCovered() >= 7, summary.describe());
        assertTrue(summary.coverage().highQualityShare() >= 0.8, summary.describe());
        assertTrue(Files.isRegularFile(directory.resolve("summary.json")));
    }
}
