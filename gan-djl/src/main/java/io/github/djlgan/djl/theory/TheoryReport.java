package io.github.djlgan.djl.theory;

import com.google.gson.GsonBuilder;

import java.util.List;
import java.util.Locale;

/**
 * The numbers of {@code gan theory}, written as {@code theory.json}.
 *
 * @param engine the engine that computed them
 * @param seed the seed of both checks
 * @param proposition1 the optimal-discriminator check
 * @param theorem1 the global-optimum trajectory
 * @param seconds the wall-clock time of both
 */
public record TheoryReport(
        String engine, long seed, Proposition1 proposition1, Theorem1 theorem1, double seconds) {

    /** The bound |D - D*| must stay under on the default settings. */
    public static final double OPTIMAL_DISCRIMINATOR_BOUND = 0.03;

    /** -log 4, the global minimum of C(G). */
    public static final double MINUS_LOG_4 = -Math.log(4);

    /**
     * Proposition 1's numbers.
     *
     * @param data p_data as "N(mean, std^2)"
     * @param generator the fixed p_g as "N(mean, std^2)"
     * @param steps discriminator updates
     * @param maxAbsDifference max |D - D*| over the support grid
     * @param meanAbsDifference mean |D - D*| over the support grid
     * @param bound the bound on the max
     * @param grid the support grid
     * @param discriminator the trained D on the grid
     * @param optimal D* on the grid
     */
    public record Proposition1(
            String data,
            String generator,
            int steps,
            double maxAbsDifference,
            double meanAbsDifference,
            double bound,
            double[] grid,
            double[] discriminator,
            double[] optimal) {}

    /**
     * Theorem 1's numbers.
     *
     * @param steps generator updates
     * @param minusLog4 the global minimum of C(G) and of V at D = D*
     * @param trajectory the measurements, in order of step
     * @param figureSteps the steps drawn as Figure 1 (a)-(d)
     */
    public record Theorem1(
            long steps, double minusLog4, List<Row> trajectory, long[] figureSteps) {}

    /**
     * One measurement of Theorem 1.
     *
     * @param step generator updates made
     * @param jensenShannon JSD(p_data || p_g) in nats
     * @param value V(G, D)
     * @param criterion C(G) = -log 4 + 2 JSD
     * @param meanRealScore mean D(x)
     * @param meanFakeScore mean D(G(z))
     */
    public record Row(
            long step,
            double jensenShannon,
            double value,
            double criterion,
            double meanRealScore,
            double meanFakeScore) {}

    /**
     * Collects the numbers of both checks.
     *
     * @param engine the engine
     * @param seed the seed
     * @param settings Proposition 1's settings
     * @param optimal Proposition 1's result
     * @param steps Theorem 1's generator updates
     * @param trajectory Theorem 1's result
     * @param figureSteps the steps drawn in the figure
     * @param seconds the time both took
     * @return the report
     */
    public static TheoryReport of(
            String engine,
            long seed,
            OptimalDiscriminator.Settings settings,
            OptimalDiscriminator.Result optimal,
            long steps,
            GlobalOptimum.Result trajectory,
            long[] figureSteps,
            double seconds) {
        List<Row> rows =
                trajectory.snapshots().stream()
                        .map(s -> new Row(s.step(), s.jensenShannon(), s.value(), s.criterion(),
                                s.meanRealScore(), s.meanFakeScore()))
                        .toList();
        return new TheoryReport(
                engine,
                seed,
                new Proposition1(
                        gaussian(settings.data().means()[0][0], settings.data().std()),
                        gaussian(settings.generator().means()[0][0], settings.generator().std()),
                        settings.steps(),
                        optimal.maxAbsDifference(),
                        optimal.meanAbsDifference(),
                        OPTIMAL_DISCRIMINATOR_BOUND,
                        optimal.grid(),
                        optimal.discriminator(),
                        optimal.optimal()),
                new Theorem1(steps, MINUS_LOG_4, rows, figureSteps),
                seconds);
    }

    private static String gaussian(double mean, double std) {
        return String.format(Locale.ROOT, "N(%g, %g^2)", mean, std);
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
     * Describes the report for a terminal: Proposition 1's differences, then Theorem 1's
     * trajectory as a table.
     *
     * @return the text
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
                "Proposition 1 (%s): D trained %d steps against fixed p_g = %s, p_data = %s%n"
                        + "  max |D - D*| = %.4f, mean |D - D*| = %.4f (bound %.2f: %s)%n",
                engine, proposition1.steps(), proposition1.generator(), proposition1.data(),
                proposition1.maxAbsDifference(), proposition1.meanAbsDifference(),
                proposition1.bound(),
                proposition1.maxAbsDifference() < proposition1.bound() ? "within" : "EXCEEDED"));
        text.append(String.format(Locale.ROOT,
                "Theorem 1 (%s): %d steps; C(G) = -log 4 + 2 JSD, minimum %.3f%n",
                engine, theorem1.steps(), MINUS_LOG_4));
        text.append(String.format(Locale.ROOT, "  %8s %9s %9s %9s %8s %8s%n",
                "step", "JSD", "V(G,D)", "C(G)", "D(x)", "D(G(z))"));
        for (Row row : theorem1.trajectory()) {
            text.append(String.format(Locale.ROOT, "  %8d %9.4f %9.4f %9.4f %8.3f %8.3f%n",
                    row.step(), row.jensenShannon(), row.value(), row.criterion(),
                    row.meanRealScore(), row.meanFakeScore()));
        }
        text.append(String.format(Locale.ROOT, "time %.1f s", seconds));
        return text.toString();
    }
}
