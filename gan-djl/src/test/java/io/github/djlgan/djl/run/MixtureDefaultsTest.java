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

/**
 * The 2D mixtures' defaults at research grade (issue 15), judged with the PacGAN/VEEGAN protocol
 * on 2,500 samples: a mode counts when it holds at least 1% of the samples, a sample is of high
 * quality within 3 std of its nearest mode. Seed 7 was not among those the defaults were chosen
 * on (1 and 101-110, docs/measurements.md).
 */
public class MixtureDefaultsTest {

    /** ring8 at its defaults (10,000 steps, pack 2): 8 of 8 modes with 1% each, >= 90% HQ. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void ring8DefaultsCoverEveryModeWithHighQuality(String engine) throws IOException {
        TrainingSummary summary = train(TrainingConfig.builder()
                .optRuntime(r -> r.optEngine(engine))
                .optData(d -> d.optDataset("ring8"))
                .optSeed(7)
                .optCadence(c -> c.optSampleEvery(0).optCheckpointEvery(0))
                .build());
        assertEquals(summary.steps(), 10_000);
        assertEquals(summary.coverage().modesWithOnePercent(), 8, summary.describe());
        assertTrue(summary.coverage().highQualityShare() >= 0.9, summary.describe());
    }

    private static TrainingSummary train(TrainingConfig config) throws IOException {
        Path directory = Files.createTempDirectory("mixture-" + config.runtime().engine());
        return TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
    }
}
