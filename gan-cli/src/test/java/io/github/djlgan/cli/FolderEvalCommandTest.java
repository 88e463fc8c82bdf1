package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import com.google.gson.Gson;

import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.api.metric.KernelDistance;
import io.github.djlgan.api.metric.PrecisionRecall;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.eval.ClassifierCache;
import io.github.djlgan.djl.eval.EvalFixtures;
import io.github.djlgan.djl.eval.EvalReport;
import io.github.djlgan.djl.eval.FeatureComparison;
import io.github.djlgan.djl.eval.ImageClassifier;
import io.github.djlgan.djl.run.TrainedRun;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

public class FolderEvalCommandTest {

    private static final int PICTURES = 40;

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aFolderWithClassesIsScoredByItsOwnClassifier(String engine) throws IOException {
        EvalReport report = trainAndScore(engine, true);
        assertEquals(report.images().extractorEntry().task(), "classes");
        assertEquals(report.images().extractorEntry().classes(), 2);
        assertNotNull(report.images().features().generatedScores());
        assertNotNull(report.images().features().referenceScores());
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aFolderWithoutClassesIsScoredByTheRotationExtractor(String engine)
            throws IOException {
        EvalReport report = trainAndScore(engine, false);
        assertEquals(report.images().extractorEntry().task(), "rotations");
        assertEquals(report.images().extractorEntry().classes(), 4);
        assertNull(report.images().features().generatedScores());
        assertTrue(report.images().notes().stream()
                .anyMatch(note -> note.startsWith("no Inception-style score")));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void anIdxRunGetsKidAndPrecisionRecallBesideParzenAndFid(String engine)
            throws IOException {
        Path root = Files.createTempDirectory("idx-eval");
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 1080, 60, 5);
        Path run = root.resolve("run");
        CliResult trained = CliResult.run("train", "--engine", engine, "--dataset",
                "fashion-mnist", "--data-dir", data.toString(), "--steps", "2", "--batch-size",
                "4", "--hidden-width", "16", "--latent-dim", "8", "--seed", "2", "--no-progress",
                "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        // 1080 training images: at most 80 samples beside the 1000 Parzen validation images.
        CliResult tooMany = CliResult.run("eval", "--run", run.toString(), "--cache-dir",
                root.resolve("cache").toString(), "--samples", "81");
        assertEquals(tooMany.code(), GanCli.BAD_INPUT, tooMany.err());
        assertTrue(tooMany.err().contains("--samples 80 or fewer"), tooMany.err());
        CliResult scored = CliResult.run("eval", "--run", run.toString(), "--cache-dir",
                root.resolve("cache").toString(), "--extractor-epochs", "1");
        assertEquals(scored.code(), 0, scored.err());
        assertTrue(scored.out().contains("Parzen log-likelihood")
                && scored.out().contains("Inception-style score"), scored.out());
        EvalReport report = read(run);
        assertEquals(report.samples(), 80);
        assertNotNull(report.images().parzen());
        assertEquals(report.images().extractorEntry().task(), "classes");
        FeatureComparison generated = report.images().features().generated();
        assertEquals(generated.referenceCount(), 60);
        assertEquals(report.images().features().reference(), "test images");
        assertEquals(report.images().features().calibration().get(0).count(), 80);
        assertTrue(generated.kid().subsets() == 100 && generated.kid().subsetSize() == 60,
                generated.kid().toString());
        assertFalse(generated.reliable());
    }

    /**
     * Trains a tiny run on a folder, scores it three times (trained, cached, damaged cache), and
     * checks eval.json against gan-api's functions of the same features.
     */
    private static EvalReport trainAndScore(String engine, boolean classes) throws IOException {
        Path root = Files.createTempDirectory("folder-eval");
        Path pictures = EvalFixtures.writeOrientedFolder(root.resolve("pictures"), PICTURES,
                classes, 3);
        Path run = root.resolve("run");
        Path cache = root.resolve("cache");
        CliResult trained = CliResult.run("train", "--engine", engine, "--dataset",
                "folder:" + pictures, "--image-size", "32", "--steps", "2", "--batch-size", "4",
                "--hidden-width", "16", "--latent-dim", "8", "--seed", "1", "--no-progress",
                "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());

        // 40 pictures: 36 in training, 4 held out; the samples default to the 36.
        CliResult scored = eval(run, cache);
        assertEquals(scored.code(), 0, scored.err());
        assertTrue(scored.out().contains("first use"), scored.out());
        assertTrue(scored.out().contains("UNRELIABLE"), scored.out());
        assertTrue(scored.out().contains("each row against the 4 held-out pictures"),
                scored.out());
        EvalReport report = read(run);
        FeatureComparison generated = report.images().features().generated();
        assertEquals(generated.count(), 36);
        assertEquals(generated.referenceCount(), 4);
        assertFalse(generated.reliable());
        assertEquals(report.samples(), 36);
        assertNull(report.images().parzen());
        List<FeatureComparison> calibration = report.images().features().calibration();
        assertEquals(calibration.stream().map(FeatureComparison::set).toList(),
                List.of("training images", "blurred reference", "noisy reference"));
        assertEquals(calibration.get(0).count(), 36);
        for (FeatureComparison row : Stream.concat(Stream.of(generated), calibration.stream())
                .toList()) {
            assertTrue(Double.isFinite(row.frechetDistance()) && row.frechetDistance() >= 0,
                    row.toString());
            assertTrue(row.kid().standardError() >= 0, row.toString());
            assertTrue(row.precisionRecall().precision() >= 0
                    && row.precisionRecall().recall() <= 1, row.toString());
        }
        ClassifierCache.Entry entry = report.images().extractorEntry();
        assertEquals(entry.trainImages(), 36);
        assertEquals(entry.heldOutImages(), 4);
        agreesWithTheApiFunctions(run, cache, entry, report);

        // A second evaluation reuses the cached extractor and gives the same numbers.
        CliResult again = eval(run, cache);
        assertEquals(again.code(), 0, again.err());
        assertFalse(again.out().contains("Training the evaluation"), again.out());
        EvalReport second = read(run);
        assertEquals(second.images().features().generated(), generated);
        assertEquals(second.images().features().calibration(), calibration);
        assertEquals(second.images().extractorEntry(), entry);

        // A parameter file that fails its checksum is trained again.
        Path parameters = parameterFile(cache);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length - 1] ^= 1;
        Files.write(parameters, bytes);
        CliResult damaged = eval(run, cache);
        assertEquals(damaged.code(), 0, damaged.err());
        assertTrue(damaged.out().contains("does not match its checksum"), damaged.out());

        // More samples than the training part can match in the calibration row: one line.
        CliResult tooMany = CliResult.run("eval", "--run", run.toString(), "--cache-dir",
                cache.toString(), "--samples", "1000");
        assertEquals(tooMany.code(), GanCli.BAD_INPUT, tooMany.err());
        assertTrue(tooMany.err().contains("more than possible")
                && tooMany.err().contains("--samples 36 or fewer"), tooMany.err());
        return report;
    }

    private static CliResult eval(Path run, Path cache) {
        return CliResult.run("eval", "--run", run.toString(), "--cache-dir", cache.toString(),
                "--extractor-epochs", "1");
    }

    private static EvalReport read(Path run) throws IOException {
        return new Gson().fromJson(Files.readString(run.resolve(EvalReport.FILE)),
                EvalReport.class);
    }

    private static Path parameterFile(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            List<Path> found = files.filter(f -> f.getFileName().toString()
                    .equals("classifier.params")).toList();
            assertEquals(found.size(), 1, found.toString());
            return found.get(0);
        }
    }

    /**
     * Recomputes KID and precision-recall from the cached extractor's features of the same
     * samples and held-out pictures, with gan-api's functions.
     */
    private static void agreesWithTheApiFunctions(
            Path run, Path cache, ClassifierCache.Entry entry, EvalReport report)
            throws IOException {
        try (TrainedRun opened = TrainedRun.open(run)) {
            ImageDataset heldOut = ImageFolderDataset.load(
                    Path.of(opened.config().data().datasetSpec().id().substring("folder:"
                            .length())), 32, 3, 4, PixelRange.SYMMETRIC, Background.DEFAULT)
                    .test();
            // Mapped from the generator's range to [-1, 1] as gan eval maps them.
            float[] samples = opened.sample(report.samples());
            PixelRange range = opened.config().model().architecture().pixelRange();
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (samples[i] - range.low()) / (range.high() - range.low()) * 2 - 1;
            }
            try (ImageClassifier extractor = ImageClassifier.create(
                    Engine.getEngine(opened.config().runtime().engine()), Device.cpu(),
                    entry.classes(), 3, 32)) {
                extractor.loadParameters(Files.readAllBytes(parameterFile(cache)));
                float[] generated = extractor.features(samples);
                float[] reference = extractor.features(heldOut, new int[] {0, 1, 2, 3});
                KernelDistance kid = KernelDistance.of(generated, reference,
                        ImageClassifier.FEATURES, KernelDistance.DEFAULT_SUBSETS,
                        KernelDistance.DEFAULT_SUBSET_SIZE, FeatureComparison.SEED);
                FeatureComparison row = report.images().features().generated();
                assertEquals(row.kid(), kid);
                assertEquals(row.kid().subsetSize(), 4);
                assertEquals(row.precisionRecall(),
                        PrecisionRecall.of(reference, generated, ImageClassifier.FEATURES));
            }
        }
    }
}
