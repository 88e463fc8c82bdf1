package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.LogCapture;

import org.apache.logging.log4j.Level;
import org.testng.SkipException;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What an image folder skips, and why: files that are not pictures, loops, empty classes. */
public class ImageFolderSkipsTest {

    private Path folder;

    @BeforeMethod
    public void createFolder() throws IOException {
        folder = Files.createTempDirectory("folder-skips");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteFolder() throws IOException {
        ImageFixtures.deleteTree(folder);
    }

    @Test
    public void aClassWithoutReadablePicturesIsDroppedWithOneWarningAndLabelsStayDense()
            throws IOException {
        // Classes by folder name: ants (readable), bees (only damaged files), cats (readable).
        ImageFixtures.writePicture(folder.resolve("ants/a1.png"), 8, 8, Color.RED, "png");
        ImageFixtures.writePicture(folder.resolve("ants/a2.png"), 8, 8, Color.RED, "png");
        Files.createDirectories(folder.resolve("bees"));
        Files.writeString(folder.resolve("bees/b1.png"), "not a picture");
        Files.write(folder.resolve("bees/b2.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        ImageFixtures.writePicture(folder.resolve("cats/c1.png"), 8, 8, Color.BLUE, "png");
        ImageFixtures.writePicture(folder.resolve("cats/c2.png"), 8, 8, Color.BLUE, "png");
        assertEquals(ImageFolderDataset.classNames(folder), List.of("ants", "bees", "cats"),
                "the listing, before decoding, still sees three class folders");
        ImageDataset.Splits splits;
        try (LogCapture log = LogCapture.of(ImageFolderDataset.class)) {
            splits = ImageFolderDataset.load(folder, 8, 3, 1, PixelRange.UNIT);
            List<String> dropped = log.messages(Level.WARN).stream()
                    .filter(message -> message.contains("Dropped the class")).toList();
            assertEquals(dropped.size(), 1, log.messages(Level.WARN).toString());
            assertTrue(dropped.get(0).contains("'bees'"), dropped.get(0));
            assertTrue(dropped.get(0).contains(folder.resolve("bees").toString()),
                    dropped.get(0));
        }
        Map<String, Integer> labels = new HashMap<>();
        for (ImageDataset part : List.of(splits.train(), splits.test())) {
            assertEquals(part.classNames(), List.of("ants", "cats"));
            ImageFolderDataset pictures = (ImageFolderDataset) part;
            for (int i = 0; i < part.size(); i++) {
                labels.put(pictures.file(i), part.label(i));
            }
        }
        assertEquals(labels, Map.of("ants/a1.png", 0, "ants/a2.png", 0, "cats/c1.png", 1,
                "cats/c2.png", 1));
        List<SkippedFile> skipped = ((ImageFolderDataset) splits.train()).skippedFiles();
        assertEquals(skipped.stream().map(SkippedFile::file).toList(),
                List.of("bees/b1.png", "bees/b2.jpg"));
        assertTrue(skipped.get(0).reason().contains("not a png, jpg"), skipped.toString());
    }

    @Test
    public void fifosLinkLoopsAndLinksAboveTheFolderAreSkippedWithTheirReasons()
            throws Exception {
        ImageFixtures.writePicture(folder.resolve("good.png"), 8, 8, Color.GREEN, "png");
        ImageFixtures.writePicture(folder.resolve("sub/inner.png"), 8, 8, Color.GREEN, "png");
        Files.createSymbolicLink(folder.resolve("sub/loop"), folder.resolve("sub"));
        Files.createSymbolicLink(folder.resolve("up"), folder.getParent());
        Files.createSymbolicLink(folder.resolve("root"), Paths.get("/"));
        Files.createSymbolicLink(folder.resolve("dangling.png"), folder.resolve("absent.png"));
        Path fifo = folder.resolve("pipe.png");
        boolean haveFifo = mkfifo(fifo);

        long started = System.nanoTime();
        ImageDataset.Splits splits;
        try (LogCapture log = LogCapture.of(ImageFolderDataset.class)) {
            splits = ImageFolderDataset.load(folder, 8, 3, 1, PixelRange.UNIT);
            List<String> warnings = log.messages(Level.WARN);
            assertEquals(warnings.size(), 1, warnings.toString());
            assertTrue(warnings.get(0).startsWith("Skipped " + (haveFifo ? 5 : 4) + " of "
                    + (haveFifo ? 7 : 6) + " picture files"), warnings.get(0));
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20),
                "neither the FIFO nor / was read");
        ImageFolderDataset train = (ImageFolderDataset) splits.train();
        assertEquals(train.size() + splits.test().size(), 2);
        Map<String, String> reasons = new HashMap<>();
        for (SkippedFile skipped : train.skippedFiles()) {
            reasons.put(skipped.file(), skipped.reason());
        }
        assertEquals(reasons.get("sub/loop"), "a symbolic-link loop");
        assertEquals(reasons.get("up"), "a link to a folder that contains the dataset folder");
        assertEquals(reasons.get("root"), "a link to a folder that contains the dataset folder");
        assertEquals(reasons.get("dangling.png"), "a symbolic link to nothing");
        if (haveFifo) {
            assertEquals(reasons.get("pipe.png"), "not a regular file (a FIFO, device or socket)");
        }
        assertEquals(reasons.size(), haveFifo ? 5 : 4, reasons.toString());
    }

    @Test
    public void aFolderOfOnlyUnreadableEntriesIsOneLineNamingThem() throws Exception {
        Files.createSymbolicLink(folder.resolve("dangling.png"), folder.resolve("absent.png"));
        InvalidInputException error = expectThrows(InvalidInputException.class,
                () -> ImageFolderDataset.load(folder, 8, 3, 1, PixelRange.UNIT));
        assertTrue(error.getMessage().contains("dangling.png (a symbolic link to nothing)"),
                error.getMessage());
        assertTrue(!error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    public void transparentPicturesGoOntoTheChosenBackground() throws IOException {
        java.awt.image.BufferedImage clear = new java.awt.image.BufferedImage(
                4, 4, java.awt.image.BufferedImage.TYPE_INT_ARGB); // all transparent black
        Files.createDirectories(folder);
        javax.imageio.ImageIO.write(clear, "png", folder.resolve("clear.png").toFile());
        ImageFixtures.writePicture(folder.resolve("solid.png"), 4, 4, Color.RED, "png");
        for (Background background : Background.values()) {
            ImageDataset.Splits splits =
                    ImageFolderDataset.load(folder, 4, 1, 1, PixelRange.UNIT, background);
            for (ImageDataset part : List.of(splits.train(), splits.test())) {
                for (int i = 0; i < part.size(); i++) {
                    if (((ImageFolderDataset) part).file(i).equals("clear.png")) {
                        assertEquals(part.pixels(i)[0], background.level() / 255f, 1e-6f);
                    }
                }
            }
        }
        assertEquals(Background.DEFAULT, Background.WHITE);
        assertEquals(Background.fromId("gray"), Background.GRAY);
        InvalidInputException unknown =
                expectThrows(InvalidInputException.class, () -> Background.fromId("pink"));
        assertEquals(unknown.getMessage(),
                "Unknown background 'pink'; known: white, black, gray");
    }

    /** Makes a FIFO with the system's mkfifo; false where there is none. */
    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    public void unreadableFoldersAreSkippedNotFatal() throws IOException {
        ImageFixtures.writePicture(folder.resolve("good.png"), 8, 8, Color.GREEN, "png");
        ImageFixtures.writePicture(folder.resolve("locked/x.png"), 8, 8, Color.GREEN, "png");
        Path locked = folder.resolve("locked");
        if (!locked.toFile().setReadable(false, false) || Files.isReadable(locked)) {
            locked.toFile().setReadable(true, false);
            throw new SkipException("this user reads every folder (root): cannot lock one");
        }
        try {
            ImageFolderDataset train = (ImageFolderDataset) ImageFolderDataset
                    .load(folder, 8, 3, 1, PixelRange.UNIT).train();
            assertEquals(train.skippedFiles(),
                    List.of(new SkippedFile("locked", "cannot be read (permission denied)")));
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }
}
