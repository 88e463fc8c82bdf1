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
 *     generated ones (0.5 is chance), for images with held-out images; else null
 * @param heldOutImages how many held-out real images (and as many generated ones) {@code
 *     heldOutAccuracy} was measured on; null when it is null. Below {@value
 *     #MEANINGFUL_HELD_OUT_IMAGES} the accuracy is too noisy to mean much: one image moves it by
 *     more than half a percentage point, and {@link #describe} says so instead of stating it
 */
public record TrainingSummary(
        long steps,
        double seconds,
        StepStats last,
        ModeCoverage coverage,
        Double heldOutAccuracy,
        Integer heldOutImages) {

    /** The fewest held-out images on which {@link #describe} states the held-out accuracy. */
    public static final int MEANINGFUL_HELD_OUT_IMAGES = 100;

    /**
     * Checks that the held-out accuracy comes with its image count.
     *
     * @throws IllegalArgumentException if one of the two is null and the other is not, or the
     *     count is not positive
     */
    public TrainingSummary {
        if ((heldOutAccuracy == null) != (heldOutImages == null)
                || (heldOutImages != null && heldOutImages < 1)) {
            throw new IllegalArgumentException(
                    "heldOutAccuracy " + heldOutAccuracy + " needs a positive heldOutImages, got "
                            + heldOutImages);
        }
    }

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
        if (heldOutAccuracy != null && heldOutImages < MEANINGFUL_HELD_OUT_IMAGES) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%nD's accuracy on held-out real vs generated images: not stated, only"
                                    + " %d held-out image%s (fewer than %d is too few to mean"
                                    + " anything)",
                            heldOutImages,
                            heldOutImages == 1 ? "" : "s",
                            MEANINGFUL_HELD_OUT_IMAGES));
        } else if (heldOutAccuracy != null) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%nD's accuracy on held-out real vs generated images: %.1f%% on %d"
                                    + " real and %d generated images (50%% is chance)",
                            100 * heldOutAccuracy,
                            heldOutImages,
                            heldOutImages));
        }
        return text.toString();
    }
}
