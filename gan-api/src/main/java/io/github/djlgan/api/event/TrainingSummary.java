package io.github.djlgan.api.event;

import com.google.gson.GsonBuilder;

import io.github.djlgan.api.metric.ModeCoverage;

import java.util.Locale;

/**
 * What a finished run reports, written as {@code summary.json} and printed at the end.
 *
 * @param steps the generator updates made
 * @param seconds the wall-clock time of training, without evaluation
 * @param last the averages over the last log interval
 * @param coverage mode coverage of samples from the final generator, for the built-in
 *     distributions; null for images
 * @param heldOutAccuracy the final discriminator's accuracy at telling held-out real images from
 *     generated ones (0.5 is chance), for images; null for the built-in distributions
 */
public record TrainingSummary(
        long steps,
        double seconds,
        StepStats last,
        ModeCoverage coverage,
        Double heldOutAccuracy) {

    /**
     * Writes the summary as pretty-printed JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(this) + System.lineSeparator();
    }

    /**
     * Describes the summary in a few lines for a terminal.
     *
     * @return the text
     */
    public String describe() {
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "steps %d in %.1f s (%.2f ms/step over the last %d)%n"
                                        + "final losses: D %.4f, G %.4f; mean D(x) %.3f,"
                                        + " mean D(G(z)) %.3f",
                                steps,
                                seconds,
                                last.millisPerStep(),
                                last.steps(),
                                last.discriminatorLoss(),
                                last.generatorLoss(),
                                last.realScore(),
                                last.fakeScore()));
        if (coverage != null) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%nmodes covered: %d of %d (%d with >= 1%% of samples); high-quality"
                                    + " samples: %.1f%% of %d",
                            coverage.modesCovered(),
                            coverage.modes(),
                            coverage.modesWithOnePercent(),
                            100 * coverage.highQualityShare(),
                            coverage.samples()));
        }
        if (heldOutAccuracy != null) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%nD's accuracy on held-out real vs generated images: %.1f%%"
                                    + " (50%% is chance)",
                            100 * heldOutAccuracy));
        }
        return text.toString();
    }
}
