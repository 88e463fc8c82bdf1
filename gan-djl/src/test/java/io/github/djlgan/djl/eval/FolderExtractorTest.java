package io.github.djlgan.djl.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFolderDataset;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class FolderExtractorTest {

    @Test
    public void rotationsTurnCounterClockwiseByQuarterTurns() {
        // One 2x2 gray image [[a, b], [c, d]] = [[1, 2], [3, 4]].
        float[] turned = Rotations.allFour(new float[] {1, 2, 3, 4}, 1, 2);
        assertEquals(turned, new float[] {1, 2, 3, 4, 2, 4, 1, 3, 4, 3, 2, 1, 3, 1, 4, 2});
        assertEquals(Rotations.labels(2), new float[] {0, 1, 2, 3, 0, 1, 2, 3});
        // Each channel plane turns on its own; a quarter turn of the three-quarter turn is none.
        float[] rgb = new float[3 * 9];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i;
        }
        float[] three = java.util.Arrays.copyOfRange(Rotations.allFour(rgb, 3, 3), 27 * 3, 27 * 4);
        float[] back = java.util.Arrays.copyOfRange(Rotations.allFour(three, 3, 3), 27, 27 * 2);
        assertEquals(back, rgb);
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theRotationTaskIsLearntWithoutLabelsAndCachedUnderItsKey(String engineName)
            throws IOException {
        Path root = Files.createTempDirectory("rotations");
        Path folder = EvalFixtures.writeOrientedFolder(root.resolve("pictures"), 60, false, 7);
        ImageDataset.Splits data = ImageFolderDataset.load(folder, 32, 3, 8,
                PixelRange.SYMMETRIC, Background.DEFAULT);
        assertEquals(data.train().size() + data.test().size(), 60);
        Engine engine = Engine.getEngine(engineName);
        List<String> messages = new ArrayList<>();
        ClassifierCache.Request request = ClassifierCache.Request.of("fixture",
                ClassifierCache.Task.ROTATIONS, data.train(), data.test(), "white", 15);
        ClassifierCache.Loaded first =
                ClassifierCache.obtain(root.resolve("cache"), request, engine, Device.cpu(),
                        messages::add);
        try (ImageClassifier extractor = first.classifier()) {
            assertTrue(first.trainedNow());
            assertEquals(first.entry().task(), "rotations");
            assertEquals(first.entry().classes(), 4);
            assertEquals(first.entry().heldOutImages(), 6);
            // A bar along one edge tells the turn; chance is 1/4, over 4 x 6 held-out inputs.
            assertTrue(first.entry().testAccuracy() >= 0.75,
                    "rotation accuracy " + first.entry().testAccuracy());
            assertEquals(extractor.rotationAccuracy(data.test()), first.entry().testAccuracy(),
                    1e-9);
            assertEquals(extractor.features(data.test(), new int[] {0, 1}).length,
                    2 * ImageClassifier.FEATURES);
        }
        // Another background is another key: trained again, not the first network reused.
        ClassifierCache.Request other = new ClassifierCache.Request("fixture",
                ClassifierCache.Task.ROTATIONS, data.train(), data.test(), "black", 15,
                request.contentDigest());
        assertNotEquals(other.key(), request.key());
        ClassifierCache.Loaded second = ClassifierCache.obtain(root.resolve("cache"), other,
                engine, Device.cpu(), messages::add);
        second.classifier().close();
        assertTrue(second.trainedNow());
        assertTrue(messages.get(messages.size() - 2).contains("other images or settings"),
                messages.toString());
        ClassifierCache.Loaded third = ClassifierCache.obtain(root.resolve("cache"), other,
                engine, Device.cpu(), messages::add);
        third.classifier().close();
        assertFalse(third.trainedNow());
        assertEquals(third.entry(), second.entry());
    }

    @Test
    public void folderEpochsGiveEnoughMinibatches() {
        // 900 pictures: 7 class minibatches of 128 or 28 rotation minibatches of 32 per pass.
        assertEquals(ImageRunEvaluation.folderEpochs(ClassifierCache.Task.CLASSES, 900), 72);
        assertEquals(ImageRunEvaluation.folderEpochs(ClassifierCache.Task.ROTATIONS, 900), 18);
        assertEquals(ImageRunEvaluation.folderEpochs(ClassifierCache.Task.CLASSES, 100_000),
                ClassifierCache.EPOCHS);
    }

    @Test
    public void drawTakesAllInOrderOrADistinctSeededSubset() {
        assertEquals(FeatureComparison.draw(4, 4, 1), new int[] {0, 1, 2, 3});
        int[] some = FeatureComparison.draw(100, 10, 1);
        assertEquals(java.util.Arrays.stream(some).distinct().count(), 10);
        assertEquals(FeatureComparison.draw(100, 10, 1), some);
    }
}
