package io.github.djlgan.cli;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.api.metric.ParzenWindow;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.eval.ClassifierCache;
import io.github.djlgan.djl.eval.EvalReport;
import io.github.djlgan.djl.eval.ImageEvaluation;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.FinalEvaluation;
import io.github.djlgan.djl.run.TrainedRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gan eval}: measures a trained run the way the literature does and writes {@code
 * eval.json}: mode coverage for the 2D mixtures; Parzen-window log-likelihood, Frechet distance and
 * Inception-style score for images.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a trained run; writes DIR/eval.json.",
            "2D mixtures: modes covered and high-quality samples (VEEGAN/PacGAN protocol), beside"
                    + " published baselines.",
            "Images: Parzen-window log-likelihood (the paper's Table 1), Frechet distance and"
                    + " Inception-style score from the project's own classifier, each beside"
                    + " calibration numbers. The classifier is trained on first use and cached."
        })
final class EvalCommand implements Callable<Integer> {

    /** Generated images are made this many at a time. */
    private static final int SAMPLE_BATCH = 500;

    @Spec CommandSpec spec;

    @Mixin RunSelection selection;

    @Option(names = "--samples",
            description = "Generated samples. Default: 2500 for 2D data, 10000 for images.")
    Integer samples;

    @Option(names = "--test-count", description = "Test images used. Default: 10000 (all).")
    int testCount = 10000;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the evaluation classifier is kept. Default: $GAN_CACHE_DIR,"
                    + " else ~/.cache/djl-gan.")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        EvalReport report;
        try (TrainedRun trained = selection.open()) {
            TrainingConfig config = trained.config();
            String engine = config.runtime().engine();
            if (config.data().datasetSpec().isImage()) {
                report = evaluateImages(trained, out, started);
            } else {
                int count = samples != null ? samples : FinalEvaluation.COVERAGE_SAMPLES;
                requirePositive("--samples", count);
                ModeCoverage coverage =
                        FinalEvaluation.modeCoverage(
                                config, trained.models(), trained.noise(), count);
                report = new EvalReport(selection.run.toString(), config.data().dataset(), engine,
                        count, coverage,
                        EvalReport.baselines(config.data().syntheticDistribution()), null, null,
                        null, seconds(started));
            }
        }
        AtomicFiles.writeString(selection.run.resolve(EvalReport.FILE), report.toJson());
        out.println(report.describe());
        out.println("wrote " + selection.run.resolve(EvalReport.FILE));
        return GanCli.OK;
    }

    private EvalReport evaluateImages(TrainedRun trained, PrintWriter out, long started)
            throws IOException {
        TrainingConfig config = trained.config();
        int count = samples != null ? samples : 10000;
        requirePositive("--samples", count);
        requirePositive("--test-count", testCount);
        if (!(config.data().datasetSpec() instanceof DatasetSpec.Images spec)) {
            // The evaluation classifier is trained on an IDX collection's own labelled images; a
            // folder needs an extractor of its own, which gan eval does not have yet.
            throw new InvalidInputException(
                    "gan eval scores runs on the IDX collections (fashion-mnist, mnist) and the"
                            + " built-in distributions; " + config.data().dataset() + " is an"
                            + " image folder, which it cannot score yet");
        }
        // Every metric works on pixels in [-1, 1], whatever range the run's networks use.
        Path folder = IdxImageDataset.locate(spec.collection(), config.data().dataDir());
        IdxImageDataset train = IdxImageDataset.load(
                folder, Dataset.Usage.TRAIN, config.data().batchSize(),
                PixelRange.SYMMETRIC);
        IdxImageDataset test = IdxImageDataset.load(
                folder, Dataset.Usage.TEST, config.data().batchSize(),
                PixelRange.SYMMETRIC);
        int pixels = config.data().channels() * config.data().imageSize()
                * config.data().imageSize();
        int tests = (int) Math.min(testCount, test.size());
        if (train.size() < count + ImageEvaluation.VALIDATION) {
            throw new InvalidInputException("--samples " + count + " needs "
                    + (count + ImageEvaluation.VALIDATION) + " training images, there are "
                    + train.size());
        }
        if (tests < 2) {
            throw new InvalidInputException("need at least 2 test images, have " + tests);
        }
        float[] generated = sample(trained.models(), trained.noise(), count, pixels);
        PixelRange range = config.model().architecture().pixelRange();
        for (int i = 0; i < generated.length; i++) {
            generated[i] = (generated[i] - range.low()) / (range.high() - range.low()) * 2 - 1;
        }
        float[] trainPixels = train.pixels(0, Math.toIntExact(train.size()));
        float[] testPixels = test.pixels(0, tests);
        GanModels models = trained.models();
        out.println("Parzen window: " + count + " samples, " + tests + " test images ...");
        out.flush();
        ImageEvaluation.Parzen parzen =
                ImageEvaluation.parzen(
                        models.generator().getNDManager(),
                        generated,
                        trainPixels,
                        testPixels,
                        pixels,
                        ParzenWindow.sigmaGrid(0.05, 0.5, 11));
        String collection = spec.collection().id();
        Engine engine = Engine.getEngine(config.runtime().engine());
        ClassifierCache.Loaded loaded =
                ClassifierCache.obtain(
                        cacheDir != null ? cacheDir : ClassifierCache.defaultRoot(),
                        collection, train, test, engine,
                        models.generator().getNDManager().getDevice(),
                        ClassifierCache.EPOCHS,
                        message -> {
                            out.println(message);
                            out.flush();
                        });
        ImageEvaluation.Classifier metrics;
        try (var classifier = loaded.classifier()) {
            float[] trainSubset = new float[Math.min(trainPixels.length, tests * pixels)];
            System.arraycopy(trainPixels, 0, trainSubset, 0, trainSubset.length);
            metrics = ImageEvaluation.classifier(classifier, generated, trainSubset, testPixels,
                    config.data().imageSize(), trained.noiseSeed());
        }
        return new EvalReport(selection.run.toString(), config.data().dataset(),
                config.runtime().engine(), count,
                null, List.of(), parzen, loaded.entry(), metrics, seconds(started));
    }

    private static float[] sample(GanModels models, NoiseSource noise, int count, int pixels) {
        float[] all = new float[count * pixels];
        for (int start = 0; start < count; start += SAMPLE_BATCH) {
            int size = Math.min(SAMPLE_BATCH, count - start);
            System.arraycopy(models.sample(noise, size), 0, all, start * pixels, size * pixels);
        }
        return all;
    }

    private static void requirePositive(String flag, int value) {
        if (value < 1) {
            throw new InvalidInputException(flag + " must be positive, got " + value);
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
