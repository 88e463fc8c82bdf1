package io.github.djlgan.djl.eval;

import com.google.gson.GsonBuilder;

import io.github.djlgan.api.metric.ModeCoverage;

import java.util.List;
import java.util.Locale;

/**
 * What {@code gan eval} measured on one run, written as {@code eval.json} in the run directory.
 * Fields that do not apply to the run's data are null.
 *
 * @param run the run directory
 * @param dataset the run's dataset
 * @param engine the engine that evaluated
 * @param samples generated samples evaluated
 * @param modeCoverage mode coverage, for the 2D mixtures
 * @param baselines published mode counts for the same benchmark
 * @param images the image metrics (Parzen window, the extractor, FID, KID, precision and recall
 *     with their calibration rows), for images
 * @param seconds the time the evaluation took
 */
public record EvalReport(
        String run,
        String dataset,
        String engine,
        int samples,
        ModeCoverage modeCoverage,
        List<Baseline> baselines,
        ImageReport images,
        double seconds) {

    /** The report's file name in a run directory. */
    public static final String FILE = "eval.json";

    /**
     * A published result on the same benchmark.
     *
     * @param method the method
     * @param modesCovered the mean number of modes covered
     * @param source where it is published
     */
    public record Baseline(String method, double modesCovered, String source) {}

    private static final String PACGAN = "Lin et al. 2018, PacGAN (arXiv:1712.04086)";

    /**
     * Returns the published mode counts for a benchmark.
     *
     * @param dataset ring8 or grid25
     * @return the baselines, empty for other datasets
     */
    public static List<Baseline> baselines(String dataset) {
        return switch (dataset) {
            case "ring8" -> List.of(
                    new Baseline("GAN", 6.3, PACGAN), new Baseline("PacGAN2", 7.9, PACGAN));
            case "grid25" -> List.of(
                    new Baseline("GAN", 17.3, PACGAN), new Baseline("PacGAN2", 23.8, PACGAN));
            default -> List.of();
        };
    }

    /**
     * Writes the report as pretty-printed JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(this) + System.lineSeparator();
    }

    /**
     * Describes the results, with calibrations and baselines beside them.
     *
     * @return the text
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s (%s), evaluated on %s with %d samples%n",
                run, dataset, engine, samples));
        if (modeCoverage != null) {
            text.append(String.format(Locale.ROOT,
                    "modes covered %d of %d (%d hold >= 1%% of samples), high-quality samples"
                            + " %.1f%%%n",
                    modeCoverage.modesCovered(), modeCoverage.modes(),
                    modeCoverage.modesWithOnePercent(), 100 * modeCoverage.highQualityShare()));
            for (Baseline baseline : baselines) {
                text.append(String.format(Locale.ROOT, "  published: %s %.1f of %d modes (%s)%n",
                        baseline.method(), baseline.modesCovered(), modeCoverage.modes(),
                        baseline.source()));
            }
        }
        if (images != null) {
            text.append(images.describe());
        }
        text.append(String.format(Locale.ROOT, "time %.1f s", seconds));
        return text.toString();
    }
}
