package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ImageCollection;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.TestEngines;

import org.testng.SkipException;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

public class IdxImageDatasetTest {

    /** The folder of each test's fixtures, deleted after it. */
    private Path scratch;

    @BeforeMethod
    public void createScratch() throws IOException {
        scratch = Files.createTempDirectory("idx-images");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteScratch() throws IOException {
        ImageFixtures.deleteTree(scratch);
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void batchesHaveTheImageShapeAndTheTanhRange(String engine) throws Exception {
        Path folder = ImageFixtures.writeCollection(scratch, 70, 10, 1);
        IdxImageDataset dataset =
                IdxImageDataset.load(
                        folder, Dataset.Usage.TRAIN, 32, PixelRange.SYMMETRIC);
        assertEquals(dataset.size(), 70);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    NDArray images = batch.getData().head();
                    assertEquals(images.getShape(), new Shape(32, 1, 28, 28));
                    assertTrue(images.min().getFloat() >= -1f);
                    assertTrue(images.max().getFloat() <= 1f);
                    // The bright square reaches at least 230/127.5 - 1.
                    assertTrue(images.max().getFloat() > 0.8f);
                    batches++;
                }
            }
            assertEquals(batches, 2, "70 images in batches of 32, the last incomplete dropped");
        }
    }

    @Test
    public void imagesAreResizedForTheLargerDcgans() throws IOException {
        Path folder = ImageFixtures.writeCollection(scratch, 4, 1, 3);
        IdxImageDataset own = IdxImageDataset.load(
                folder, Dataset.Usage.TRAIN, 2, PixelRange.SYMMETRIC);
        IdxImageDataset half =
                IdxImageDataset.load(
                        ImageCollection.FASHION_MNIST, folder, Dataset.Usage.TRAIN, 14, 2,
                        PixelRange.SYMMETRIC);
        IdxImageDataset large =
                IdxImageDataset.load(
                        ImageCollection.FASHION_MNIST, folder, Dataset.Usage.TRAIN, 64, 2,
                        PixelRange.SYMMETRIC);
        assertEquals(half.imageShape(), new Shape(1, 14, 14));
        assertEquals(large.imageShape(), new Shape(1, 64, 64));
        assertEquals(large.classNames().get(large.label(0)),
                ImageCollection.FASHION_MNIST.classNames().get(own.label(0)));
        float[] original = own.pixels(0);
        float[] halved = half.pixels(0);
        // Halving averages 2x2 blocks; the stored byte is rounded, so within half a level.
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                float block = (original[2 * y * 28 + 2 * x] + original[2 * y * 28 + 2 * x + 1]
                        + original[(2 * y + 1) * 28 + 2 * x]
                        + original[(2 * y + 1) * 28 + 2 * x + 1]) / 4;
                assertEquals(halved[y * 14 + x], block, 0.5f / 127.5f + 1e-6f);
            }
        }
        float[] enlarged = large.pixels(0);
        assertEquals(enlarged.length, 64 * 64);
        float highest = -1f;
        for (float value : enlarged) {
            assertTrue(value >= -1f && value <= 1f);
            highest = Math.max(highest, value);
        }
        // Bilinear interpolation inside the 8x8 square of levels >= 230 keeps them there.
        assertTrue(highest >= 230 / 127.5f - 1f, "highest " + highest);
    }

    @Test
    public void imagesAndLabelsOfDifferentCountsAreRefused() throws IOException {
        Path folder = ImageFixtures.writeCollection(scratch, 5, 1, 2);
        new IdxFile(new int[] {4}, new byte[4])
                .write(folder.resolve("train-labels-idx1-ubyte.gz"));
        InvalidInputException error =
                expectThrows(
                        InvalidInputException.class,
                        () ->
                                IdxImageDataset.load(
                                        folder,
                                        Dataset.Usage.TRAIN,
                                        2,
                                        PixelRange.SYMMETRIC));
        assertTrue(error.getMessage().contains("5 images but the label file 4 labels"),
                error.getMessage());
    }

    @Test
    public void aFolderWithoutTheFilesSaysHowToGetThem() throws IOException {
        Path empty = scratch;
        InvalidInputException error =
                expectThrows(
                        InvalidInputException.class,
                        () -> IdxImageDataset.locate(ImageCollection.FASHION_MNIST, empty.toString()));
        assertTrue(error.getMessage().contains("apt-get install dataset-fashion-mnist"),
                error.getMessage());
        assertTrue(error.getMessage().contains("--data-dir"), error.getMessage());
    }

    @Test
    public void debiansFashionMnistIsFoundWithoutConfiguration() throws IOException {
        Path debian = Paths.get(ImageCollection.DEBIAN_DATASETS, "fashion-mnist");
        if (!Files.isDirectory(debian) || System.getenv(ImageCollection.DATA_DIR_VARIABLE) != null) {
            throw new SkipException("dataset-fashion-mnist is not installed (.ci/run installs it)");
        }
        Path folder = IdxImageDataset.locate(ImageCollection.FASHION_MNIST, null);
        assertEquals(folder, debian);
        assertEquals(IdxImageDataset.count(folder, Dataset.Usage.TRAIN), 60_000);
        // Sigmoid generators (paper-mlp) get pixels in [0, 1].
        IdxImageDataset test =
                IdxImageDataset.load(folder, Dataset.Usage.TEST, 64, PixelRange.UNIT);
        assertEquals(test.size(), 10_000);
        assertEquals(test.imageShape(), new Shape(1, 28, 28));
        assertTrue(test.label(0) >= 0 && test.label(0) < 10);
        float[] pixels = test.pixels(0, 100);
        float low = Float.MAX_VALUE;
        float high = -Float.MAX_VALUE;
        for (float pixel : pixels) {
            low = Math.min(low, pixel);
            high = Math.max(high, pixel);
        }
        assertEquals(low, 0f);
        assertEquals(high, 1f);
    }
}
