package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.io.ImageGrid;

import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

public class ImageFolderCommandsTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aPictureFolderTrainsDespiteADamagedFileAndNearestShowsItsPictures(String engine)
            throws IOException {
        Path root = Files.createTempDirectory("cli-folder");
        Path pictures = ImageFixtures.writePictureFolder(root.resolve("pictures"));
        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        "train", "--engine", engine, "--dataset", "folder:" + pictures,
                        "--image-size", "32", "--steps", "2", "--batch-size", "2",
                        "--hidden-width", "16", "--latent-dim", "8", "--seed", "1",
                        "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        assertTrue(trained.out().contains("held-out"), trained.out());
        TrainingConfig config =
                TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
        assertEquals(config.data().dataset(), "folder:" + pictures);
        assertEquals(config.data().channels(), 3);
        BufferedImage grid = ImageIO.read(run.resolve("samples/step-00000002.png").toFile());
        assertEquals(grid.getWidth(), ImageGrid.side(8, 32));

        // Not an internal error (a cast of the folder's dataset): with one held-out picture
        // there is nothing to compare with, which is said in one line, exit 2.
        CliResult scored = CliResult.run("eval", "--run", run.toString());
        assertEquals(scored.code(), GanCli.BAD_INPUT, scored.err());
        assertTrue(scored.err().contains("held-out part") && scored.err().contains("has 1"),
                scored.err());

        Path nearest = root.resolve("nearest.png");
        CliResult compared =
                CliResult.run(
                        "nearest", "--run", run.toString(), "--count", "2", "--out",
                        nearest.toString());
        assertEquals(compared.code(), 0, compared.err());
        BufferedImage pairs = ImageIO.read(nearest.toFile());
        assertEquals(pairs.getWidth(), ImageGrid.side(4, 32));
        // The right-hand image of a pair is a training picture, a solid colour of the fixture.
        int left = ImageGrid.PADDING + (32 + ImageGrid.PADDING);
        int colour = pairs.getRGB(left + 16, ImageGrid.PADDING + 16) & 0xffffff;
        assertTrue(
                colour == (ImageFixtures.WHITE.getRGB() & 0xffffff)
                        || colour == (ImageFixtures.BLUE.getRGB() & 0xffffff)
                        || colour == 0x808080
                        || Math.abs(((colour >> 16) & 0xff) - ImageFixtures.RED.getRed()) <= 4,
                Integer.toHexString(colour));
    }

    @Test
    public void idxImagesTrainResizedTo32() throws IOException {
        Path root = Files.createTempDirectory("cli-idx32");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 8, 2, 3);
        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        "train", "--dataset", "fashion-mnist", "--data-dir", data.toString(),
                        "--image-size", "32", "--steps", "2", "--batch-size", "4",
                        "--hidden-width", "16", "--latent-dim", "8", "--seed", "2",
                        "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        Path idx = root.resolve("samples-idx3-ubyte");
        CliResult sampled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--count", "3", "--format", "idx",
                        "--out", idx.toString());
        assertEquals(sampled.code(), 0, sampled.err());
        assertEquals(IdxFile.read(idx).dimensions(), new int[] {3, 32, 32});
    }

    @Test
    public void aFolderWithNothingUsableIsOneMessageAndWritesNothing() throws IOException {
        Path root = Files.createTempDirectory("cli-unusable");
        Path pictures = Files.createDirectories(root.resolve("pictures"));
        Files.writeString(pictures.resolve("notes.txt"), "text");
        Files.writeString(pictures.resolve("face.png"), "not a png");
        Path out = root.resolve("run");
        CliResult result =
                CliResult.run(
                        "train", "--dataset", "folder:" + pictures, "--steps", "1",
                        "--out", out.toString());
        assertEquals(result.code(), 2, result.err());
        assertTrue(result.err().contains("None of the 1 picture files"), result.err());
        assertTrue(result.err().contains("face.png"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        assertFalse(Files.exists(out));

        CliResult dataDir =
                CliResult.run(
                        "train", "--dataset", "folder:" + pictures, "--data-dir",
                        root.toString(), "--out", out.toString());
        assertEquals(dataDir.code(), 2);
        assertTrue(dataDir.err().contains("dataDir does not apply"), dataDir.err());

        CliResult size =
                CliResult.run(
                        "train", "--dataset", "folder:" + pictures, "--image-size", "48",
                        "--out", out.toString());
        assertEquals(size.code(), 2);
        assertTrue(size.err().contains("[28, 32, 64]"), size.err());
        assertFalse(Files.exists(out));
    }

    @Test
    public void epochsOfAFolderCountItsTrainingFiles() throws IOException {
        Path pictures =
                ImageFixtures.writePictureFolder(Files.createTempDirectory("cli-folder-epochs"));
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command)
                .parseArgs("--dataset", "folder:" + pictures, "--batch-size", "2",
                        "--epochs", "2");
        // 8 picture files, 1 held out: 7 in training (the damaged one counts until decoded),
        // 3 full batches of 2 per pass.
        assertEquals(command.settings().loop().steps(), 6);
    }

    @Test
    public void aConditionalRunOnAFolderHasItsSubFoldersAsClasses() throws IOException {
        Path root = Files.createTempDirectory("cli-folder-conditional");
        Path pictures = ImageFixtures.writePictureFolder(root.resolve("pictures"));
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command)
                .parseArgs("--dataset", "folder:" + pictures, "--conditional");
        // ".", blues, grays, reds.
        assertEquals(command.settings().model().classes(), 4);

        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        "train", "--dataset", "folder:" + pictures, "--conditional",
                        "--image-size", "28", "--steps", "2", "--batch-size", "2",
                        "--hidden-width", "16", "--latent-dim", "8", "--seed", "3",
                        "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        CliResult sampled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--count", "2", "--label", "3",
                        "--out", root.resolve("reds.png").toString());
        assertEquals(sampled.code(), 0, sampled.err());
    }
}
