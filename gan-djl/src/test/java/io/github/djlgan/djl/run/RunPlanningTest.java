package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class RunPlanningTest {

    @DataProvider
    public Object[][] discriminatorSteps() {
        // 7 training files of the picture folder (8, 1 held out; the damaged one counts until
        // decoded) in batches of 2: 3 per pass, 6 for 2 passes; each step draws k of them.
        return new Object[][] {{1, 6L}, {2, 3L}, {5, 2L}};
    }

    @Test(dataProvider = "discriminatorSteps")
    public void anEpochIsOnePassOverTheDataWhateverK(int k, long steps) throws IOException {
        Path pictures =
                ImageFixtures.writePictureFolder(Files.createTempDirectory("planning-epochs"));
        TrainingConfig config =
                TrainingConfig.builder()
                        .optData(d -> d.optDataset("folder:" + pictures).optBatchSize(2))
                        .optLoop(l -> l.optDiscriminatorSteps(k))
                        .build();
        assertEquals(RunPlanning.stepsForEpochs(config, 2), steps);
    }

    @Test
    public void epochsNeedImagesAndAPositiveCount() throws IOException {
        TrainingConfig ring = TrainingConfig.builder().build();
        InvalidInputException endless =
                expectThrows(InvalidInputException.class,
                        () -> RunPlanning.stepsForEpochs(ring, 2));
        assertTrue(endless.getMessage().contains("ring8 is endless"), endless.getMessage());
        Path pictures =
                ImageFixtures.writePictureFolder(Files.createTempDirectory("planning-zero"));
        TrainingConfig folder =
                TrainingConfig.builder()
                        .optData(d -> d.optDataset("folder:" + pictures))
                        .build();
        InvalidInputException zero =
                expectThrows(InvalidInputException.class,
                        () -> RunPlanning.stepsForEpochs(folder, 0));
        assertTrue(zero.getMessage().contains("at least 1, got 0"), zero.getMessage());
    }

    @Test
    public void aConditionalFolderRunHasItsSubFoldersAsClasses() throws IOException {
        Path pictures =
                ImageFixtures.writePictureFolder(Files.createTempDirectory("planning-classes"));
        TrainingConfig.Builder builder =
                TrainingConfig.builder().optData(d -> d.optDataset("folder:" + pictures));
        // ".", blues, grays, reds.
        assertEquals(RunPlanning.conditional(builder).build().model().classes(), 4);
        TrainingConfig.Builder fashion =
                TrainingConfig.builder().optData(d -> d.optDataset("fashion-mnist"));
        assertEquals(RunPlanning.conditional(fashion).build().model().classes(), 10);
        InvalidInputException unlabelled =
                expectThrows(InvalidInputException.class,
                        () -> RunPlanning.conditional(TrainingConfig.builder()).build());
        assertTrue(unlabelled.getMessage().contains("needs labelled images"),
                unlabelled.getMessage());
    }
}
