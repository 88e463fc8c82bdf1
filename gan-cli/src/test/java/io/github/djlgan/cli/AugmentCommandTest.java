package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.AugmentKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** {@code --augment} and {@code --augment-target} reach the run: config.json and metrics.csv. */
public class AugmentCommandTest {

    @Test
    public void augmentationWithAnAdaTargetIsRecordedAndLogged() throws IOException {
        Path root = Files.createTempDirectory("cli-augment");
        try {
            Path pictures = ImageFixtures.writePictureFolder(root.resolve("pictures"));
            Path run = root.resolve("run");
            CliResult trained =
                    CliResult.run(
                            "train", "--dataset", "folder:" + pictures, "--image-size", "28",
                            "--steps", "4", "--batch-size", "2", "--hidden-width", "8",
                            "--latent-dim", "8", "--log-every", "2", "--seed", "1",
                            "--augment", "color,translation,cutout", "--augment-target", "0.6",
                            "--no-progress", "--out", run.toString());
            assertEquals(trained.code(), 0, trained.err());
            TrainingConfig config =
                    TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
            assertEquals(config.augment().kinds(), EnumSet.allOf(AugmentKind.class));
            assertEquals(config.augment().target().getAsDouble(), 0.6);
            List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
            assertEquals(rows.get(0), "step,d_loss,g_loss,d_real,d_fake,augment_p,ms_per_step");
            assertEquals(rows.size(), 3, rows.toString());
            double p = Double.parseDouble(rows.get(2).split(",")[5]);
            assertTrue(p >= 0 && p <= 1, rows.toString());
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    @Test
    public void impossibleAugmentationSettingsAreOneLine() {
        CliResult points = CliResult.run("train", "--augment", "color", "--steps", "1");
        assertEquals(points.code(), GanCli.BAD_INPUT, points.err());
        assertTrue(points.err().contains("not an image dataset"), points.err());
        CliResult alone = CliResult.run("train", "--augment-target", "0.6", "--steps", "1");
        assertEquals(alone.code(), GanCli.BAD_INPUT, alone.err());
        assertTrue(alone.err().contains("--augment-target needs --augment"), alone.err());
        CliResult unknown = CliResult.run("train", "--augment", "color,blur", "--steps", "1");
        assertEquals(unknown.code(), GanCli.BAD_INPUT, unknown.err());
        assertTrue(unknown.err().contains("blur"), unknown.err());
    }
}
