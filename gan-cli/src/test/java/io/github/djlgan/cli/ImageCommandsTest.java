package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.io.ImageGrid;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

public class ImageCommandsTest {

    @Test
    public void dcganRunSamplesAsIdxAndPng() throws IOException {
        Path root = Files.createTempDirectory("cli-images");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 128, 64, 5);
        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        "train", "--engine", "mxnet", "--dataset", "fashion-mnist",
                        "--data-dir", data.toString(), "--steps", "4", "--batch-size", "32",
                        "--hidden-width", "16", "--latent-dim", "8", "--seed", "1",
                        "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        assertTrue(trained.out().contains("held-out"), trained.out());

        Path idx = root.resolve("samples-idx3-ubyte");
        CliResult sampled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--count", "10", "--format", "idx",
                        "--out", idx.toString());
        assertEquals(sampled.code(), 0, sampled.err());
        IdxFile read = IdxFile.read(idx);
        assertEquals(read.dimensions(), new int[] {10, 28, 28});

        Path png = root.resolve("grid.png");
        assertEquals(
                CliResult.run("sample", "--run", run.toString(), "--count", "16", "--out",
                                png.toString())
                        .code(),
                0);
        assertEquals(ImageIO.read(png.toFile()).getWidth(), ImageGrid.side(4, 28));

        Path folder = root.resolve("pictures");
        assertEquals(
                CliResult.run("sample", "--run", run.toString(), "--count", "3", "--format", "png",
                                "--out", folder.toString())
                        .code(),
                0);
        try (var files = Files.list(folder)) {
            assertEquals(files.count(), 3L);
        }
        assertEquals(ImageIO.read(folder.resolve("sample-00002.png").toFile()).getWidth(), 28);

        Path interpolation = root.resolve("interpolation.png");
        CliResult interpolated =
                CliResult.run(
                        "interpolate", "--run", run.toString(), "--rows", "3", "--steps", "5",
                        "--out", interpolation.toString());
        assertEquals(interpolated.code(), 0, interpolated.err());
        java.awt.image.BufferedImage rows = ImageIO.read(interpolation.toFile());
        assertEquals(rows.getWidth(), ImageGrid.side(5, 28));
        assertEquals(rows.getHeight(), ImageGrid.side(3, 28));

        Path nearest = root.resolve("nearest.png");
        CliResult compared =
                CliResult.run(
                        "nearest", "--run", run.toString(), "--count", "6", "--out",
                        nearest.toString());
        assertEquals(compared.code(), 0, compared.err());
        java.awt.image.BufferedImage pairs = ImageIO.read(nearest.toFile());
        assertEquals(pairs.getWidth(), ImageGrid.side(8, 28), "4 pairs per row");
        assertEquals(pairs.getHeight(), ImageGrid.side(2, 28), "6 pairs in 2 rows");

        CliResult labelled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--label", "3", "--out",
                        root.resolve("three.png").toString());
        assertEquals(labelled.code(), 2);
        assertTrue(labelled.err().contains("--label needs a conditional run"), labelled.err());

        CliResult csv =
                CliResult.run(
                        "sample", "--run", run.toString(), "--format", "csv", "--out",
                        root.resolve("x.csv").toString());
        assertEquals(csv.code(), 2);
        assertTrue(csv.err().contains("use png or idx"), csv.err());
    }

    /** A conditional paper-mlp run: samples of one class, interpolations, and checked labels. */
    @Test
    public void conditionalRunSamplesAChosenClass() throws IOException {
        Path root = Files.createTempDirectory("cli-conditional");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 128, 64, 8);
        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        "train", "--dataset", "fashion-mnist", "--arch", "paper-mlp",
                        "--conditional", "--data-dir", data.toString(), "--steps", "4",
                        "--batch-size", "32", "--hidden-width", "50", "--latent-dim", "8",
                        "--seed", "2", "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        assertTrue(
                Files.readString(run.resolve("config.json")).contains("\"classes\": 10"),
                "config.json records the classes");

        Path idx = root.resolve("class3-idx3-ubyte");
        CliResult sampled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--label", "3", "--count", "5",
                        "--format", "idx", "--out", idx.toString());
        assertEquals(sampled.code(), 0, sampled.err());
        assertEquals(IdxFile.read(idx).dimensions(), new int[] {5, 28, 28});

        CliResult notAClass =
                CliResult.run(
                        "sample", "--run", run.toString(), "--label", "10", "--out",
                        root.resolve("x.png").toString());
        assertEquals(notAClass.code(), 2);
        assertTrue(notAClass.err().contains("--label \"10\" is not a class; the classes are"
                + " 0 \"T-shirt/top\", 1 \"Trouser\""), notAClass.err());

        CliResult interpolated =
                CliResult.run(
                        "interpolate", "--run", run.toString(), "--rows", "2", "--steps", "3",
                        "--out", root.resolve("lines.png").toString());
        assertEquals(interpolated.code(), 0, interpolated.err());

        Path noLabels = root.resolve("ring");
        CliResult refused =
                CliResult.run("train", "--conditional", "--out", noLabels.toString());
        assertEquals(refused.code(), 2);
        assertTrue(refused.err().contains("needs labelled images"), refused.err());
        assertFalse(Files.exists(noLabels));
    }

    @Test
    public void epochsAreCountedInPassesOverTheTrainingImages() throws IOException {
        Path root = Files.createTempDirectory("cli-epochs");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 100, 10, 6);
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command)
                .parseArgs("--dataset", "fashion-mnist", "--data-dir", data.toString(),
                        "--batch-size", "32", "--epochs", "2");
        // 100 images in batches of 32: 3 full batches per pass.
        assertEquals(command.settings().loop().steps(), 6);
    }

    @Test
    public void missingDatasetFilesSayHowToGetThemAndWriteNothing() throws IOException {
        Path root = Files.createTempDirectory("cli-nodata");
        Path out = root.resolve("run");
        CliResult result =
                CliResult.run(
                        "train", "--dataset", "fashion-mnist", "--data-dir",
                        root.resolve("absent").toString(), "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("apt-get install dataset-fashion-mnist"), result.err());
        assertFalse(Files.exists(out));
    }

    @Test
    public void truncatedDatasetIsAClearErrorAndWritesNothing() throws IOException {
        Path root = Files.createTempDirectory("cli-truncated");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 50, 10, 7);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path out = root.resolve("run");
        CliResult result =
                CliResult.run(
                        "train", "--dataset", "fashion-mnist", "--data-dir", data.toString(),
                        "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("truncated"), result.err());
        assertFalse(Files.exists(out));
    }

    @Test
    public void anArchitectureThatDoesNotFitTheDataIsRefused() throws IOException {
        Path out = Files.createTempDirectory("cli-arch").resolve("run");
        CliResult result = CliResult.run("train", "--arch", "dcgan", "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("does not fit dataset 'ring8'"), result.err());
        assertFalse(Files.exists(out));
    }
}
