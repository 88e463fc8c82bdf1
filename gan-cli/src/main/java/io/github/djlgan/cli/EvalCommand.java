package io.github.djlgan.cli;


import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.djl.eval.ClassifierCache;
import io.github.djlgan.djl.eval.EvalReport;
import io.github.djlgan.djl.eval.ImageReport;
import io.github.djlgan.djl.eval.ImageRunEvaluation;
import io.github.djlgan.djl.io.AtomicFiles;
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
            "Images: Parzen-window log-likelihood (the paper's Table 1, IDX collections), and on"
                    + " the features of the project's own extractor (a classifier of the"
                    + " classes; for a folder without classes a rotation-prediction CNN): FID,"
                    + " KID with its standard error, precision and recall (k = 3), and with"
                    + " classes the Inception-style score, each beside calibration rows. The"
                    + " extractor is trained on first use and cached."
        })
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunSelection selection;

    @Option(names = "--samples",
            description = "Generated samples. Default: 2500 for 2D data; for images 10000, or"
                    + " fewer when the training images cannot match as many in the calibration"
                    + " row (a folder's training part; a collection's training images less"
                    + " 1000 Parzen validation images).")
    Integer samples;

    @Option(names = "--test-count",
            description = "Most held-out images compared with (test images of a collection,"
                    + " the held-out part of a folder). Default: 10000.")
    int testCount = 10000;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the evaluation classifiers and extractors are kept. Default:"
                    + " $GAN_CACHE_DIR, else ~/.cache/djl-gan.")
    Path cacheDir;

    @Option(names = "--extractor-epochs", paramLabel = "N",
            description = "Passes of the extractor's training when it is not cached yet."
                    + " Default: 3 for a collection; for a folder enough for 500 minibatches.")
    Integer extractorEpochs;

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
                        EvalReport.baselines(config.data().syntheticDistribution()), null,
                        seconds(started));
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
        ImageReport images = ImageRunEvaluation.evaluate(trained,
                new ImageRunEvaluation.Options(samples, testCount,
                        cacheDir != null ? cacheDir : ClassifierCache.defaultRoot(),
                        extractorEpochs),
                message -> {
                    out.println(message);
                    out.flush();
                });
        return new EvalReport(selection.run.toString(), config.data().dataset(),
                config.runtime().engine(), images.features().generated().count(),
                null, List.of(), images, seconds(started));
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
