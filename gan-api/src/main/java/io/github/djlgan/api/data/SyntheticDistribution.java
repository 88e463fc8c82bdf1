package io.github.djlgan.api.data;

import java.util.Optional;

/**
 * The built-in data distributions, which need no files.
 *
 * <ul>
 *   <li>{@code gaussian1d}: N(4, 0.5^2), the one-dimensional setting of the paper's Figure 1.
 *   <li>{@code ring8}: 8 Gaussians with std 0.02 evenly spaced on a circle of radius 2.
 *   <li>{@code grid25}: 25 Gaussians with std 0.05 at {-4, -2, 0, 2, 4}^2.
 * </ul>
 *
 * <p>ring8 and grid25 are the standard mode-collapse benchmarks (Metz et al. 2017, Srivastava et
 * al. 2017, Lin et al. 2018).
 */
public enum SyntheticDistribution {
    /** The paper's one-dimensional Gaussian. */
    GAUSSIAN_1D("gaussian1d", new GaussianMixture(new double[][] {{4}}, 0.5), 1.0, 7.0),
    /** Eight modes on a ring. */
    RING8("ring8", new GaussianMixture(ring(8, 2.0), 0.02), -3.0, 3.0),
    /** Twenty-five modes on a grid. */
    GRID25("grid25", new GaussianMixture(grid(5, 2.0), 0.05), -6.0, 6.0);

    private final String id;
    private final GaussianMixture mixture;
    private final double plotMin;
    private final double plotMax;

    SyntheticDistribution(String id, GaussianMixture mixture, double plotMin, double plotMax) {
        this.id = id;
        this.mixture = mixture;
        this.plotMin = plotMin;
        this.plotMax = plotMax;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code ring8}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the distribution as a mixture.
     *
     * @return the mixture
     */
    public GaussianMixture mixture() {
        return mixture;
    }

    /**
     * Returns the lower end of the square (or interval) a plot of this distribution shows.
     *
     * @return the lower bound of every coordinate
     */
    public double plotMin() {
        return plotMin;
    }

    /**
     * Returns the upper end of the square (or interval) a plot of this distribution shows.
     *
     * @return the upper bound of every coordinate
     */
    public double plotMax() {
        return plotMax;
    }

    /**
     * Finds a distribution by name.
     *
     * @param id the name
     * @return the distribution, or empty if none has that name
     */
    public static Optional<SyntheticDistribution> fromId(String id) {
        for (SyntheticDistribution distribution : values()) {
            if (distribution.id.equals(id)) {
                return Optional.of(distribution);
            }
        }
        return Optional.empty();
    }

    private static double[][] ring(int count, double radius) {
        double[][] means = new double[count][];
        for (int i = 0; i < count; i++) {
            double angle = 2 * Math.PI * i / count;
            means[i] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
        }
        return means;
    }

    private static double[][] grid(int side, double spacing) {
        double[][] means = new double[side * side][];
        double offset = (side - 1) / 2.0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                means[i * side + j] = new double[] {(i - offset) * spacing, (j - offset) * spacing};
            }
        }
        return means;
    }

    @Override
    public String toString() {
        return id;
    }
}
