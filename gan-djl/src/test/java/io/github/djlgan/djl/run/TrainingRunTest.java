package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.io.ImageGrid;

import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

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
                        .optRuntime(r -> r.optEngine(engine))
                        .optSeed(1)
                        .optCadence(c -> c.optSampleEvery(0).optCheckpointEvery(0))
                        .build();
        TrainingSummary summary =
                TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
        assertEquals(summary.steps(), 10_000);
        assertTrue(summary.coverage().modesCovered() >= 7, summary.describe());
        assertTrue(summary.coverage().highQualityShare() >= 0.8, summary.describe());
        assertTrue(Files.isRegularFile(directory.resolve("summary.json")));
    }

    /**
     * A short DCGAN run on a fixture collection: after 40 steps D tells held-out real images from
     * generated ones clearly better than chance, and the sample grid has the expected size.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void shortDcganRunLearnsToTellRealFromFake(String engine) throws IOException {
        Path data =
                ImageFixtures.writeCollection(Files.createTempDirectory("fixture"), 640, 200, 3);
        Path directory = Files.createTempDirectory("dcgan-" + engine);
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(engine))
                        .optData(d -> d
                                .optDataset("fashion-mnist")
                                .optDataDir(data.toString())
                                .optBatchSize(32))
                        .optLoop(l -> l.optSteps(40))
                        .optModel(m -> m.optHiddenWidth(16).optLatentDim(16))
                        .optCadence(c -> c.optLogEvery(10).optSampleEvery(20).optCheckpointEvery(0))
                        .optSeed(2)
                        .build();
        TrainingSummary summary =
                TrainingRun.execute(
                        config, directory, new TrainingRun.Options(false, false, null));
        assertEquals(summary.coverage(), null);
        // 1000 held-out decisions of a coin would exceed 60% with probability below 1e-9.
        assertTrue(summary.heldOutAccuracy() > 0.6, summary.describe());
        BufferedImage grid = ImageIO.read(directory.resolve("samples/step-00000040.png").toFile());
        assertEquals(grid.getWidth(), ImageGrid.side(8, 28));
        assertEquals(grid.getHeight(), ImageGrid.side(8, 28));
        assertTrue(Files.isRegularFile(directory.resolve("samples/step-00000020.png")));
        assertTrue(Files.isRegularFile(directory.resolve("model/generator-0000.params")));
        assertTrue(Files.isRegularFile(directory.resolve("model/serving.properties")));
    }
}
