package io.github.djlgan.djl.eval;

import io.github.djlgan.api.metric.ClassifierScores;
import io.github.djlgan.api.metric.KernelDistance;
import io.github.djlgan.api.metric.PrecisionRecall;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The image part of {@code eval.json}: the Parzen-window estimate (IDX collections), the
 * extractor whose features every other number is computed on, those numbers with their
 * calibration rows, and notes on what was left out or is unreliable.
 *
 * @param parzen Parzen-window estimates; null for image folders
 * @param extractor which network gave the features, in words
 * @param extractorEntry what the cache records about it: task, held-out accuracy and on how many
 *     images, epochs, key
 * @param features FID, KID, precision and recall of generated images and of the calibration sets
 * @param notes what a reader must know: unreliable counts, numbers left out and why
 */
public record ImageReport(
        ImageEvaluation.Parzen parzen,
        String extractor,
        ClassifierCache.Entry extractorEntry,
        ImageEvaluation.Features features,
        List<String> notes) {

    /**
     * Describes the numbers as a table, each row with its image counts, the reference named.
     *
     * @return the text, ending with a line break
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (parzen != null) {
            text.append(String.format(Locale.ROOT,
                    "Parzen log-likelihood %.1f +- %.1f nats (sigma %.3f, %d test images, pixels"
                            + " in [0, 1])%n"
                            + "  calibration: training images as samples %.1f +- %.1f (sigma"
                            + " %.3f)%n",
                    parzen.generated().meanLogLikelihood(), parzen.generated().standardError(),
                    parzen.generated().sigma(), parzen.generated().testCount(),
                    parzen.trainingImages().meanLogLikelihood(),
                    parzen.trainingImages().standardError(), parzen.trainingImages().sigma()));
        }
        ClassifierCache.Entry entry = extractorEntry;
        text.append(String.format(Locale.ROOT,
                "features: %s; held-out %s accuracy %.2f%% on %d images (trained on %d, %d"
                        + " epochs)%n",
                extractor, "rotations".equals(entry.task()) ? "rotation (4 turns of each, chance"
                        + " 25%)" : "class",
                100 * entry.testAccuracy(), entry.heldOutImages(), entry.trainImages(),
                entry.epochs()));
        text.append(String.format(Locale.ROOT, "each row against the %d %s%n",
                features.referenceCount(), features.reference()));
        text.append(String.format(Locale.ROOT, "  %-18s %7s %10s %-35s %9s %7s%n",
                "set", "images", "FID", "       KID +- s.e. (subset sd)", "precision", "recall"));
        row(text, features.generated());
        for (FeatureComparison calibration : features.calibration()) {
            row(text, calibration);
        }
        FeatureComparison generated = features.generated();
        text.append(String.format(Locale.ROOT,
                "  (KID in squared feature units: %d subsets of %d, or one of the whole sets"
                        + " when both are that small; s.e. = sd / sqrt(subsets) is the subsets'"
                        + " Monte Carlo error, sd the spread of one subset's estimate;"
                        + " precision/recall k = %d on %d generated and %d reference vectors)%n",
                generated.kid().subsets(), generated.kid().subsetSize(),
                generated.precisionRecall().k(), generated.neighbourCount(),
                generated.neighbourReferenceCount()));
        ClassifierScores scores = features.generatedScores();
        if (scores != null) {
            text.append(String.format(Locale.ROOT,
                    "Inception-style score %.2f (%s %.2f); classes with >= 2%% of samples %d of"
                            + " %d%n  class histogram %s%n",
                    scores.inceptionScore(), features.reference(),
                    features.referenceScores().inceptionScore(), scores.classesAboveTwoPercent(),
                    scores.classHistogram().length, Arrays.toString(scores.classHistogram())));
        }
        for (String note : notes) {
            text.append("note: ").append(note).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static void row(StringBuilder text, FeatureComparison row) {
        KernelDistance kid = row.kid();
        PrecisionRecall pr = row.precisionRecall();
        String error = kid.subsets() == 1
                ? " (whole sets)" : String.format(Locale.ROOT, " +- %.3g (sd %.3g)",
                        kid.standardError(), kid.subsetDeviation());
        text.append(String.format(Locale.ROOT, "  %-18s %7d %10.3f %11.4g%-24s %9.3f %7.3f%s%n",
                row.set(), row.count(), row.frechetDistance(), kid.value(), error,
                pr.precision(), pr.recall(),
                row.reliable() ? "" : "  UNRELIABLE: fewer than "
                        + FeatureComparison.MIN_RELIABLE + " images in a set"));
    }
}
