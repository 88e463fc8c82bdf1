package io.github.djlgan.djl.run;

import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class TrainingRunTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void ring8CoversModes(String engine) throws IOException {
        Path directory = Files.createTempDirectory("ring8-" + engine);
        TrainingConfig config =
                TrainingConfig.builder()
                        .optEngine(engine)
                        .optSteps(Long.getLong("ring8.steps", 5000))
                        .optSeed(42)
                        .optSampleEvery(0)
                        .optCheckpointEvery(0)
                        .build();
        TrainingSummary summary =
                TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
        System.out.println(engine + ": " + summary.describe());
        assertTrue(summary.coverage().modesCovered() >= 7, summary.describe());
        assertTrue(summary.coverage().highQualityShare() >= 0.8, summary.describe());
    }
}
