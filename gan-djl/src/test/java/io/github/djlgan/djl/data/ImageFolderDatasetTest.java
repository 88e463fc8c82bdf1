package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.LogCapture;
import io.github.djlgan.djl.TestEngines;

import org.apache.logging.log4j.Level;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class ImageFolderDatasetTest {

    /** A stored byte becomes v / 127.5 - 1 in float32: exact to well within this. */
    private static final float EXACT = 1e-6f;

    /**
     * JPEG keeps a solid colour only up to rounding in its YCbCr conversion and quantisation of
     * the block's mean: a few levels of 255.
     */
    private static final float JPEG = 4 / 127.5f;

    private Path folder;

    @BeforeClass
    public void writeFolder() throws IOException {
        folder = ImageFixtures.writePictureFolder(Files.createTempDirectory("pictures"));
    }

    @AfterClass(alwaysRun = true)
    public void deleteFolder() throws IOException {
        ImageFixtures.deleteTree(folder);
    }

    @Test
    public void readablePicturesAreLoadedAndTheDamagedOneIsNamedInOneWarning()
            throws IOException {
        ImageDataset.Splits splits;
        try (LogCapture log = LogCapture.of(ImageFolderDataset.class)) {
            splits = load(folder, 16, 3, 2);
            List<String> warnings = log.messages(Level.WARN);
            assertEquals(warnings.size(), 1, warnings.toString());
            assertTrue(warnings.get(0).contains("Skipped 1 of 8 picture files"), warnings.get(0));
            assertTrue(warnings.get(0).contains(ImageFixtures.BROKEN), warnings.get(0));
        }
        ImageFolderDataset train = (ImageFolderDataset) splits.train();
        ImageFolderDataset test = (ImageFolderDataset) splits.test();
        assertEquals(train.skipped(), List.of(ImageFixtures.BROKEN));
        // 8 picture files, round(0.8) = 1 held out; the text file and the hidden folder are not
        // pictures of the dataset.
        assertEquals(
                ImageFolderDataset.count(folder, Dataset.Usage.TEST)
                        + ImageFolderDataset.count(folder, Dataset.Usage.TRAIN),
                ImageFixtures.PICTURE_FILES);
        assertEquals(ImageFolderDataset.count(folder, Dataset.Usage.TEST), 1);
        assertEquals(train.size() + test.size(), ImageFixtures.PICTURE_FILES - 1);
        assertEquals(train.classNames(), List.of(".", "blues", "grays", "reds"));
        assertEquals(train.imageShape(), new Shape(3, 16, 16));

        List<String> files = new ArrayList<>();
        for (ImageFolderDataset part : List.of(train, test)) {
            for (int i = 0; i < part.size(); i++) {
                files.add(part.file(i));
                checkSolid(part, i, 3, PixelRange.SYMMETRIC);
            }
        }
        files.sort(null);
        assertEquals(
                files,
                List.of("blues/b1.png", "blues/b2.bmp", "blues/deep/b3.png", "grays/g1.png",
                        "reds/r1.png", "reds/r2.jpg", "top.png"));
    }

    @Test
    public void grayIsTheLumaOfColourAndGrayPicturesKeepTheirLevelsInTheUnitRange()
            throws IOException {
        ImageDataset.Splits splits = ImageFolderDataset.load(folder, 8, 1, 1, PixelRange.UNIT);
        for (ImageDataset part : List.of(splits.train(), splits.test())) {
            assertEquals(part.imageShape(), new Shape(1, 8, 8));
            for (int i = 0; i < part.size(); i++) {
                checkSolid((ImageFolderDataset) part, i, 1, PixelRange.UNIT);
            }
        }
    }

    @Test
    public void theSplitDependsOnlyOnTheFiles() throws IOException {
        ImageFolderDataset first =
                (ImageFolderDataset) load(folder, 8, 3, 1).test();
        ImageFolderDataset second =
                (ImageFolderDataset) load(folder, 32, 1, 4).test();
        assertEquals(first.size(), 1);
        assertEquals(second.file(0), first.file(0));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void batchesHaveTheImageShapeAndTheTanhRange(String engine) throws Exception {
        ImageDataset train = load(folder, 16, 3, 3).train();
        assertEquals(train.size(), 6);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            int batches = 0;
            for (Batch batch : train.getData(manager)) {
                try (batch) {
                    NDArray images = batch.getData().head();
                    assertEquals(images.getShape(), new Shape(3, 3, 16, 16));
                    assertTrue(images.min().getFloat() >= -1f);
                    assertTrue(images.max().getFloat() <= 1f);
                    NDArray labels = batch.getLabels().head();
                    assertTrue(labels.min().getFloat() >= 0f);
                    assertTrue(labels.max().getFloat() <= 3f);
                    batches++;
                }
            }
            assertEquals(batches, 2, "6 images in batches of 3");
        }
    }

    @Test
    public void aFolderWithoutReadablePicturesIsOneClearError() throws IOException {
        Path nothing = Files.createTempDirectory("no-pictures");
        try {
            checkFolderWithoutReadablePictures(nothing);
        } finally {
            ImageFixtures.deleteTree(nothing);
        }
    }

    private static void checkFolderWithoutReadablePictures(Path nothing) throws IOException {
        Files.writeString(nothing.resolve("readme.txt"), "text");
        InvalidInputException none =
                expectThrows(
                        InvalidInputException.class,
                        () -> load(nothing, 16, 3, 1));
        assertTrue(none.getMessage().contains("No png, jpg, bmp, gif, webp or tiff pictures"),
                none.getMessage());
        assertTrue(none.getMessage().contains("readme.txt"), none.getMessage());

        Files.writeString(nothing.resolve("fake.jpg"), "text");
        InvalidInputException unreadable =
                expectThrows(
                        InvalidInputException.class,
                        () -> load(nothing, 16, 3, 1));
        assertTrue(unreadable.getMessage().contains("None of the 1 picture files"),
                unreadable.getMessage());
        assertTrue(unreadable.getMessage().contains("fake.jpg"), unreadable.getMessage());

        InvalidInputException absent =
                expectThrows(
                        InvalidInputException.class,
                        () -> load(nothing.resolve("absent"), 16, 3, 1));
        assertTrue(absent.getMessage().contains("No folder"), absent.getMessage());
        assertFalse(absent.getMessage().isBlank());
    }

    private static ImageDataset.Splits load(Path root, int size, int channels, int batchSize)
            throws IOException {
        return ImageFolderDataset.load(root, size, channels, batchSize, PixelRange.SYMMETRIC);
    }

    /** Checks that a fixture picture came out as its solid colour in every pixel. */
    private static void checkSolid(
            ImageFolderDataset dataset, int index, int channels, PixelRange range) {
        String file = dataset.file(index);
        String className = dataset.classNames().get(dataset.label(index));
        int[] expected;
        switch (className) {
            case "." -> expected = rgb(ImageFixtures.WHITE);
            case "blues" -> expected = rgb(ImageFixtures.BLUE);
            case "reds" -> expected = rgb(ImageFixtures.RED);
            case "grays" -> expected =
                    new int[] {ImageFixtures.GRAY, ImageFixtures.GRAY, ImageFixtures.GRAY};
            default -> throw new AssertionError("unexpected class " + className);
        }
        assertTrue(file.startsWith(className.equals(".") ? "top" : className + "/"), file);
        float[] pixels = dataset.pixels(index);
        int plane = pixels.length / channels;
        // The constants are for [-1, 1]; a level spans half as much in [0, 1].
        float tolerance =
                (file.endsWith(".jpg") ? JPEG : EXACT) * (range.high() - range.low()) / 2;
        for (int c = 0; c < channels; c++) {
            float level = channels == 3
                    ? expected[c]
                    : Math.round(0.299f * expected[0] + 0.587f * expected[1]
                            + 0.114f * expected[2]);
            float value = range.fromByte(Math.round(level));
            for (int i = 0; i < plane; i++) {
                assertEquals(pixels[c * plane + i], value, tolerance, file + " channel " + c);
            }
        }
    }

    private static int[] rgb(Color colour) {
        return new int[] {colour.getRed(), colour.getGreen(), colour.getBlue()};
    }
}
