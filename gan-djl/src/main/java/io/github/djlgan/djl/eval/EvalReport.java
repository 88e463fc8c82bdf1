package io.github.djlgan.djl.eval;

import com.google.gson.GsonBuilder;

import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.api.metric.ModeCoverage;

import java.math.BigDecimal;
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
     * A published result on the same benchmark, from a paper's table: the mean over its trials.
     *
     * @param method the method, as the table names it
     * @param modesCovered the mean number of modes covered (a mode counts when it is the nearest
     *     mode of at least one high-quality sample: {@link ModeCoverage#modesCovered()})
     * @param highQualityPercent the mean share of high-quality samples, in percent, or null where
     *     the figure is not quoted here
     * @param reverseKl the mean reverse KL of the mode histogram, in nats, or null where the
     *     table has none or the figure is not quoted here
     * @param source the paper, table and column
     */
    public record Baseline(
            String method, double modesCovered, Double highQualityPercent, Double reverseKl,
            String source) {}

    private static final String PACGAN =
            "Lin et al. 2018, PacGAN (arXiv:1712.04086), Table 1";

    private static final String VEEGAN =
            "Srivastava et al. 2017, VEEGAN (arXiv:1705.07761), Table 1";

    /**
     * Returns the published results for a benchmark that are quoted here from a checked source:
     * PacGAN's Table 1 (GAN on ring and grid, PacGAN2's mode counts, PacGAN4 on the grid; 10
     * trials) and VEEGAN's Table 1 (VEEGAN on the grid). The other rows of both tables, and the
     * published reverse KL column, are left out until they are checked against the papers.
     *
     * @param distribution the run's distribution, with its std
     * @return the baselines; empty unless the mixture is the published ring of 8 or grid of 25
     *     (same centres and std)
     */
    public static List<Baseline> baselines(SyntheticDistribution distribution) {
        GaussianMixture mixture = distribution.mixture();
        if (mixture.equals(SyntheticDistribution.RING8.mixture())) {
            return List.of(
                    new Baseline("GAN", 6.3, 98.2, null, PACGAN + ", 2D-ring"),
                    new Baseline("PacGAN2", 7.9, null, null, PACGAN + ", 2D-ring"));
        }
        if (mixture.equals(SyntheticDistribution.GRID25.mixture())) {
            return List.of(
                    new Baseline("GAN", 17.3, 94.8, null, PACGAN + ", 2D-grid"),
                    new Baseline("PacGAN2", 23.8, null, null, PACGAN + ", 2D-grid"),
                    new Baseline("PacGAN4", 24.8, 93.6, null, PACGAN + ", 2D-grid"),
                    new Baseline("VEEGAN", 24.6, 40.0, null, VEEGAN + ", 2D Grid"));
        }
        return List.of();
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
     * Describes a mode coverage and the published rows beside it: modes (any high-quality sample,
     * the papers' count, and the stricter 1% count), high-quality share, reverse KL.
     *
     * @param coverage the run's coverage
     * @param baselines the published rows for the same mixture
     * @return the lines, each ending with a line separator
     */
    public static String describeCoverage(ModeCoverage coverage, List<Baseline> baselines) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "modes covered %d of %d (%d hold >= 1%% of samples), high-quality samples"
                        + " %.1f%%, reverse KL %.3f nats%n",
                coverage.modesCovered(), coverage.modes(), coverage.modesWithOnePercent(),
                100 * coverage.highQualityShare(), coverage.reverseKl()));
        for (Baseline baseline : baselines) {
            text.append(String.format(Locale.ROOT,
                    "  published: %s %.1f of %d modes, high quality %s, reverse KL %s (%s)%n",
                    baseline.method(), baseline.modesCovered(), coverage.modes(),
                    baseline.highQualityPercent() == null ? "not quoted"
                            : new BigDecimal(Double.toString(baseline.highQualityPercent()))
                                    .stripTrailingZeros().toPlainString() + "%",
                    baseline.reverseKl() == null ? "not quoted"
                            : String.format(Locale.ROOT, "%.2f", baseline.reverseKl()),
                    baseline.source()));
        }
        return text.toString();
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
            text.append(describeCoverage(modeCoverage, baselines));
        }
        if (images != null) {
            text.append(images.describe());
        }
        text.append(String.format(Locale.ROOT, "time %.1f s", seconds));
        return text.toString();
    }
}
