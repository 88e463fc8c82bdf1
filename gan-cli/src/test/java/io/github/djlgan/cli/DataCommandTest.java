package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/** {@code gan data}: the summary, and one file per training picture with the trainer's pixels. */
public class DataCommandTest {

    @Test
    public void aFolderIsShownAndWrittenAsTheNetworksSeeIt() throws IOException {
        Path root = Files.createTempDirectory("cli-data");
        try {
            Path pictures = ImageFixtures.writePictureFolder(root.resolve("pictures"));
            Path out = root.resolve("seen");
            CliResult shown =
                    CliResult.run(
                            "data", "--dataset", "folder:" + pictures, "--image-size", "28",
                            "--out", out.toString());
            assertEquals(shown.code(), 0, shown.err());
            assertTrue(shown.out().contains("fed to the networks as 3 x 28 x 28"), shown.out());
            assertTrue(shown.out().contains(ImageFixtures.BROKEN + ": "), shown.out());
            assertTrue(shown.out().contains(": blues, "), shown.out());

            // What the trainer reads with the same settings.
            TrainingConfig config =
                    TrainingConfig.builder()
                            .optData(d -> d.optDataset("folder:" + pictures).optImageSize(28))
                            .build();
            ImageFolderDataset train =
                    (ImageFolderDataset) GanSetup.images(config).get(Dataset.Usage.TRAIN);
            try (Stream<Path> files = Files.walk(out)) {
                assertEquals(files.filter(Files::isRegularFile).count(), train.size());
            }
            PixelRange range = config.model().architecture().pixelRange();
            for (int i = 0; i < train.size(); i++) {
                BufferedImage written =
                        ImageIO.read(out.resolve(train.file(i) + ".png").toFile());
                float[] pixels = train.pixels(i);
                int plane = 28 * 28;
                for (int p = 0; p < plane; p += 37) {
                    int rgb = written.getRGB(p % 28, p / 28);
                    assertEquals((rgb >> 16) & 0xff, range.toByte(pixels[p]), train.file(i));
                    assertEquals((rgb >> 8) & 0xff, range.toByte(pixels[plane + p]));
                    assertEquals(rgb & 0xff, range.toByte(pixels[2 * plane + p]));
                }
            }
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    @Test
    public void anIdxCollectionIsWrittenByIndexAndSyntheticDataIsRefused() throws IOException {
        Path root = Files.createTempDirectory("cli-data-idx");
        try {
            Path collection = ImageFixtures.writeCollection(root.resolve("idx"), 20, 10, 5);
            Path out = root.resolve("seen");
            CliResult shown =
                    CliResult.run(
                            "data", "--dataset", "fashion-mnist", "--data-dir",
                            collection.toString(), "--out", out.toString(), "--count", "3");
            assertEquals(shown.code(), 0, shown.err());
            assertTrue(shown.out().contains("20 training and 10 held-out images"), shown.out());
            for (int i = 0; i < 3; i++) {
                assertTrue(Files.isRegularFile(out.resolve(i + ".png")), i + ".png");
            }
            assertTrue(!Files.exists(out.resolve("3.png")));
            CliResult ring = CliResult.run("data", "--dataset", "ring8");
            assertEquals(ring.code(), GanCli.BAD_INPUT, ring.err());
            assertTrue(ring.err().contains("built-in distribution"), ring.err());
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }
}
