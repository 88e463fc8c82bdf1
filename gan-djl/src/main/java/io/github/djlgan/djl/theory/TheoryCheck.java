package io.github.djlgan.djl.theory;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.djl.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs both checks of the paper's Section 4 on one engine and writes {@code theory.json} and
 * {@code figure1.png} into a folder: what {@code gan theory} does.
 */
public final class TheoryCheck {

    /** The report's file name. */
    public static final String REPORT = "theory.json";

    /** The figure's file name. */
    public static final String FIGURE = "figure1.png";

    /** Figure 1 shows these fractions of training: (a) the start, (b), (c), (d) the end. */
    private static final double[] FIGURE_FRACTIONS = {0, 0.1, 0.25, 1};

    /** Theorem 1 is measured at this many evenly spaced steps after the start. */
    private static final int MEASUREMENTS = 20;

    /**
     * The settings of both checks.
     *
     * @param engine the engine
     * @param device the device
     * @param seed the seed
     * @param discriminatorSteps Proposition 1's D updates
     * @param ganSteps Theorem 1's generator updates
     */
    public record Settings(
            String engine, String device, long seed, int discriminatorSteps, long ganSteps) {

        /**
         * The defaults: about a minute on 2 CPU cores.
         *
         * @param engine the engine
         * @param seed the seed
         * @return the settings
         */
        public static Settings defaults(String engine, long seed) {
            return new Settings(engine, "cpu", seed, 3000, 4000);
        }
    }

    private TheoryCheck() {}

    /**
     * Proposition 1's setting: the Figure 1 data N(4, 0.5^2) against a fixed generator of
     * N(3, 0.8^2), overlapping so that D* varies over the whole support.
     *
     * @param steps D updates
     * @param seed the seed
     * @return the settings
     */
    public static OptimalDiscriminator.Settings propositionSettings(int steps, long seed) {
        return new OptimalDiscriminator.Settings(
                SyntheticDistribution.GAUSSIAN_1D.mixture(),
                new GaussianMixture(new double[][] {{3.0}}, 0.8),
                steps, 512, 64, 3e-3, 200, seed);
    }

    /**
     * Runs both checks and writes the report and figure.
     *
     * @param settings the settings
     * @param out the folder to write into; created if missing
     * @return the report
     * @throws IOException if writing fails
     */
    public static TheoryReport run(Settings settings, Path out) throws IOException {
        long started = System.nanoTime();
        OptimalDiscriminator.Settings proposition =
                propositionSettings(settings.discriminatorSteps(), settings.seed());
        OptimalDiscriminator.Result optimal =
                OptimalDiscriminator.check(settings.engine(), settings.device(), proposition);

        TrainingConfig config =
                GlobalOptimum.defaultConfig(settings.engine(), settings.ganSteps(), settings.seed())
                        .toBuilder()
                        .optRuntime(r -> r.optDevice(settings.device()))
                        .build();
        long[] measureAt = new long[MEASUREMENTS + FIGURE_FRACTIONS.length + 1];
        for (int i = 0; i <= MEASUREMENTS; i++) {
            measureAt[i] = settings.ganSteps() * i / MEASUREMENTS;
        }
        long[] figureSteps = new long[FIGURE_FRACTIONS.length];
        for (int i = 0; i < FIGURE_FRACTIONS.length; i++) {
            figureSteps[i] = Math.round(settings.ganSteps() * FIGURE_FRACTIONS[i]);
            measureAt[MEASUREMENTS + 1 + i] = figureSteps[i];
        }
        GlobalOptimum.Result trajectory = GlobalOptimum.train(config, measureAt);
        double seconds = (System.nanoTime() - started) / 1e9;

        List<GlobalOptimum.Snapshot> moments = new ArrayList<>();
        for (long step : figureSteps) {
            moments.add(trajectory.at(step));
        }
        Files.createDirectories(out);
        AtomicFiles.writePng(out.resolve(FIGURE), FigureOne.render(trajectory, moments));
        TheoryReport report =
                TheoryReport.of(
                        config.runtime().engine(),
                        settings.seed(),
                        proposition,
                        optimal,
                        settings.ganSteps(),
                        trajectory,
                        figureSteps,
                        seconds);
        AtomicFiles.writeString(out.resolve(REPORT), report.toJson());
        return report;
    }
}
