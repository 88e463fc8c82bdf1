package io.github.djlgan.djl.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.api.metric.KernelDistance;
import io.github.djlgan.api.metric.ParzenWindow;
import io.github.djlgan.api.metric.PrecisionRecall;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

public class EvalMetricsTest {

    private IdxImageDataset train;
    private IdxImageDataset test;

    @BeforeClass
    public void writeFixture() throws IOException {
        Path folder = ImageFixtures.writeCollection(
                Files.createTempDirectory("fixture"), 1200, 300, 8);
        train = IdxImageDataset.load(folder, Dataset.Usage.TRAIN, 32, PixelRange.SYMMETRIC);
        test = IdxImageDataset.load(folder, Dataset.Usage.TEST, 32, PixelRange.SYMMETRIC);
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void engineDistancesMatchTheExactOnes(String engine) {
        SplittableRandom random = new SplittableRandom(2);
        int dimension = 784;
        float[] centres = new float[30 * dimension];
        float[] queries = new float[7 * dimension];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < queries.length; i++) {
            queries[i] = (float) random.nextDouble();
        }
        float[] exact = ParzenWindow.exact(queries, centres, dimension).rows(2, 7);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                EngineDistances distances =
                        new EngineDistances(manager, centres, queries, dimension)) {
            float[] computed = distances.rows(2, 7);
            assertEquals(computed.length, exact.length);
            // Distances are ~130; float32 products of 784 terms are good to about 1e-5 relative.
            for (int i = 0; i < exact.length; i++) {
                assertEquals(computed[i], exact[i], 2e-5 * exact[i]);
            }
        }
    }

    @Test
    public void metricsDoNotDependOnTheEngine() throws IOException {
        byte[] parameters;
        Engine pytorch = Engine.getEngine("PyTorch");
        pytorch.setRandomSeed(3);
        try (ImageClassifier classifier =
                ImageClassifier.create(pytorch, Device.cpu(), 4, ImageFixtures.SIZE)) {
            classifier.train(train, 1, 3);
            parameters = classifier.parameters();
        }
        float[] images = test.pixels(0, 300);
        float[] noisy = images.clone();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) Math.max(-1, Math.min(1, noisy[i] + 0.4 * random.nextGaussian()));
        }
        List<ImageEvaluation.Features> results = new ArrayList<>();
        List<float[]> generatedFeatures = new ArrayList<>();
        List<float[]> testFeatures = new ArrayList<>();
        for (Object[] row : TestEngines.engines()) {
            try (ImageClassifier classifier = ImageClassifier.create(
                    Engine.getEngine((String) row[0]), Device.cpu(), 4, ImageFixtures.SIZE)) {
                classifier.loadParameters(parameters);
                results.add(ImageEvaluation.classifier(
                        classifier, noisy, train.pixels(0, 300), images, ImageFixtures.SIZE, 5));
                generatedFeatures.add(classifier.features(noisy));
                testFeatures.add(classifier.features(images));
            }
        }
        ImageEvaluation.Features first = results.get(0);
        ImageEvaluation.Features second = results.get(1);
        FeatureComparison firstGenerated = first.generated();
        FeatureComparison firstTraining = first.calibration().get(0);
        assertEquals(firstTraining.set(), "training images");
        assertEquals(first.referenceCount(), 300);
        assertTrue(firstGenerated.frechetDistance() > 3 * firstTraining.frechetDistance(),
                firstGenerated.frechetDistance() + " vs " + firstTraining.frechetDistance());
        assertEquals(second.generated().frechetDistance(), firstGenerated.frechetDistance(),
                1e-3 * firstGenerated.frechetDistance());
        assertEquals(second.calibration().get(0).frechetDistance(),
                firstTraining.frechetDistance(), 1e-3 * firstGenerated.frechetDistance());
        assertEquals(second.generatedScores().inceptionScore(),
                first.generatedScores().inceptionScore(), 1e-3);
        assertEquals(second.generatedScores().classHistogram(),
                first.generatedScores().classHistogram());
        // KID and precision-recall are the gan-api functions of the same features, on each engine.
        for (int e = 0; e < results.size(); e++) {
            FeatureComparison generated = results.get(e).generated();
            // 300 against 300: every subset would hold both sets whole, so one is computed.
            KernelDistance kid = KernelDistance.of(generatedFeatures.get(e), testFeatures.get(e),
                    ImageClassifier.FEATURES, 1, KernelDistance.DEFAULT_SUBSET_SIZE,
                    FeatureComparison.SEED);
            assertEquals(generated.kid(), kid);
            assertEquals(kid.subsets(), 1);
            assertEquals(kid.subsetSize(), 300);
            assertEquals(generated.precisionRecall(), PrecisionRecall.of(testFeatures.get(e),
                    generatedFeatures.get(e), ImageClassifier.FEATURES));
            assertEquals(generated.count(), 300);
            assertTrue(generated.reliable());
        }
        // Noise moves the features away: KID above the training row's.
        assertTrue(firstGenerated.kid().value() > 3 * Math.abs(firstTraining.kid().value()),
                firstGenerated.kid() + " vs " + firstTraining.kid());
        assertEquals(second.generated().kid().value(), firstGenerated.kid().value(),
                1e-3 * Math.abs(firstGenerated.kid().value()));
    }

    @Test
    public void cacheTrainsOnceAndRejectsADamagedFile() throws IOException {
        Path root = Files.createTempDirectory("cache");
        Engine engine = Engine.getEngine("PyTorch");
        List<String> messages = new ArrayList<>();
        ClassifierCache.Loaded first =
                ClassifierCache.obtain(root, "fixture", train, test, engine, Device.cpu(), 1,
                        messages::add);
        first.classifier().close();
        assertTrue(first.trainedNow());
        // Four quadrant classes of a bright square (chance 25%): one epoch learns most.
        assertTrue(first.entry().testAccuracy() > 0.7, "accuracy " + first.entry().testAccuracy());
        assertTrue(messages.get(0).contains("first use"), messages.get(0));

        ClassifierCache.Loaded second =
                ClassifierCache.obtain(root, "fixture", train, test, engine, Device.cpu(), 1,
                        messages::add);
        try (ImageClassifier classifier = second.classifier()) {
            assertFalse(second.trainedNow());
            assertEquals(second.entry(), first.entry());
            assertEquals(classifier.accuracy(test), first.entry().testAccuracy(), 1e-9);
        }

        Path parameters = second.folder().resolve("classifier.params");
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length - 1] ^= 1;
        Files.write(parameters, bytes);
        ClassifierCache.Loaded third =
                ClassifierCache.obtain(root, "fixture", train, test, engine, Device.cpu(), 1,
                        messages::add);
        third.classifier().close();
        assertTrue(third.trainedNow());
        assertTrue(messages.get(messages.size() - 2).contains("checksum"));
    }

    @Test
    public void blurAveragesNeighbours() {
        float[] image = new float[9];
        image[4] = 9;
        float[] blurred = ImageEvaluation.blur(image, 3);
        assertEquals(blurred[4], 1f, 1e-6);
        assertEquals(blurred[0], 9f / 4, 1e-6);
    }
}
