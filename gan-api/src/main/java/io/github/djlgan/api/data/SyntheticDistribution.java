package io.github.djlgan.api.data;

import io.github.djlgan.api.InvalidInputException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A built-in data distribution, which needs no files: an equal-weight mixture of isotropic
 * Gaussians, named as in flags and config files.
 *
 * <ul>
 *   <li>{@code gaussian1d}: N(4, 0.5^2), the one-dimensional setting of the paper's Figure 1.
 *   <li>{@code ring:N}: N Gaussians evenly spaced on a circle of radius {@value #RING_RADIUS},
 *       mode i at angle {@code 2 pi i / N}, std {@value #RING_STD} by default (VEEGAN's 2D ring,
 *       Srivastava et al. 2017, section 5.1; PacGAN's is the same scaled by 1/2).
 *   <li>{@code grid:N}: N x N Gaussians at {@code (-(N-1) + 2i, -(N-1) + 2j)}, spacing {@value
 *       #GRID_SPACING}, std {@value #GRID_STD} by default (variance 0.0025; Srivastava et al.
 *       2017; Lin et al. 2018, section 4.1).
 *   <li>{@code ring8} and {@code grid25}: the standard benchmarks, the same mixtures as {@code
 *       ring:8} and {@code grid:5}.
 * </ul>
 *
 * <p>Every ring and grid keeps two rules, so that the mode-coverage protocol ({@link
 * io.github.djlgan.api.metric.ModeCoverage}) stays meaningful: at most {@value #MAX_MODES} modes
 * (a mode counts when it holds at least 1% of the samples, which more modes cannot all do), and
 * neighbouring centres at least {@value #MIN_SEPARATION_STDS} standard deviations apart (the
 * 3-std discs that make a sample "high quality" for one mode do not overlap another's).
 *
 * @param id the name used in flags and config files, for example {@code ring8} or {@code grid:7}
 * @param layout the arrangement of the modes
 * @param size N: the modes of a ring, the modes along a grid's side, 1 for {@code gaussian1d}
 * @param mixture the distribution
 * @param plotMin the lower end of the square (or interval) a plot of this distribution shows
 * @param plotMax the upper end of that square (or interval)
 */
public record SyntheticDistribution(
        String id, Layout layout, int size, GaussianMixture mixture, double plotMin,
        double plotMax) {

    /** The radius of every ring. */
    public static final double RING_RADIUS = 2.0;

    /** The default std of a ring's modes: 1% of its radius (Srivastava et al. 2017). */
    public static final double RING_STD = 0.02;

    /** The distance between neighbouring modes of a grid. */
    public static final double GRID_SPACING = 2.0;

    /** The default std of a grid's modes: variance 0.0025 (Lin et al. 2018, section 4.1). */
    public static final double GRID_STD = 0.05;

    /** The most modes a ring or grid may have: 1% of the samples each. */
    public static final int MAX_MODES = 100;

    /** The least distance between neighbouring centres, in standard deviations. */
    public static final double MIN_SEPARATION_STDS = 6.0;

    /** The prefix of a ring's name: {@code ring:N}. */
    public static final String RING_PREFIX = "ring:";

    /** The prefix of a grid's name: {@code grid:N}. */
    public static final String GRID_PREFIX = "grid:";

    /** How the modes are arranged. */
    public enum Layout {
        /** One Gaussian. */
        SINGLE,
        /** Evenly spaced on a circle. */
        RING,
        /** On a square grid. */
        GRID
    }

    /** The paper's one-dimensional Gaussian. */
    public static final SyntheticDistribution GAUSSIAN_1D =
            new SyntheticDistribution(
                    "gaussian1d", Layout.SINGLE, 1, new GaussianMixture(new double[][] {{4}}, 0.5),
                    1.0, 7.0);

    /** Eight modes on a ring: {@code ring:8} under its usual name. */
    public static final SyntheticDistribution RING8 = ring(8).named("ring8");

    /** Twenty-five modes on a grid: {@code grid:5} under its usual name. */
    public static final SyntheticDistribution GRID25 = grid(5).named("grid25");

    /** Validates the fields. */
    public SyntheticDistribution {
        if (id == null || id.isBlank() || layout == null || mixture == null) {
            throw new IllegalArgumentException("id, layout and mixture are required");
        }
        if (!(plotMin < plotMax)) {
            throw new IllegalArgumentException(
                    "plotMin must be below plotMax, got " + plotMin + " and " + plotMax);
        }
    }

    /**
     * Returns N modes on a circle of radius {@value #RING_RADIUS}, std {@value #RING_STD}.
     *
     * @param modes N, 1 to {@value #MAX_MODES}
     * @return {@code ring:N}
     * @throws InvalidInputException if N is out of range or its neighbours lie closer than
     *     {@value #MIN_SEPARATION_STDS} std
     */
    public static SyntheticDistribution ring(int modes) {
        checkModes(RING_PREFIX + modes, modes, modes);
        double[][] means = new double[modes][];
        for (int i = 0; i < modes; i++) {
            double angle = 2 * Math.PI * i / modes;
            means[i] = new double[] {RING_RADIUS * Math.cos(angle), RING_RADIUS * Math.sin(angle)};
        }
        return checked(new SyntheticDistribution(
                RING_PREFIX + modes, Layout.RING, modes, new GaussianMixture(means, RING_STD),
                -RING_RADIUS - 1, RING_RADIUS + 1));
    }

    /**
     * Returns N x N modes on a grid of spacing {@value #GRID_SPACING} centred on the origin, std
     * {@value #GRID_STD}.
     *
     * @param side N, 1 to 10 ({@value #MAX_MODES} modes)
     * @return {@code grid:N}
     * @throws InvalidInputException if N is out of range
     */
    public static SyntheticDistribution grid(int side) {
        checkModes(GRID_PREFIX + side, side, (long) side * side);
        double[][] means = new double[side * side][];
        double offset = (side - 1) / 2.0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                means[i * side + j] =
                        new double[] {(i - offset) * GRID_SPACING, (j - offset) * GRID_SPACING};
            }
        }
        double extent = offset * GRID_SPACING + GRID_SPACING;
        return checked(new SyntheticDistribution(
                GRID_PREFIX + side, Layout.GRID, side, new GaussianMixture(means, GRID_STD),
                -extent, extent));
    }

    /**
     * Returns the built-in names' distributions: {@code gaussian1d}, {@code ring8}, {@code
     * grid25}.
     *
     * @return the distributions
     */
    public static List<SyntheticDistribution> builtIns() {
        return List.of(GAUSSIAN_1D, RING8, GRID25);
    }

    /**
     * Tells whether the mixture's std may be changed ({@code --mixture-std}): rings and grids.
     *
     * @return true for rings and grids
     */
    public boolean hasAdjustableStd() {
        return layout != Layout.SINGLE;
    }

    /**
     * Returns the same modes with another standard deviation.
     *
     * @param std the standard deviation of every mode, positive
     * @return the distribution, under the same name
     * @throws InvalidInputException if the std is not positive, if neighbouring modes would lie
     *     closer than {@value #MIN_SEPARATION_STDS} std, or for {@code gaussian1d}
     */
    public SyntheticDistribution withStd(double std) {
        if (!hasAdjustableStd()) {
            throw new InvalidInputException(
                    "mixtureStd applies to ring and grid mixtures only, not to " + id);
        }
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new InvalidInputException(
                    "mixtureStd must be a positive number, got " + std);
        }
        return std == mixture.std()
                ? this
                : checked(new SyntheticDistribution(id, layout, size,
                        new GaussianMixture(mixture.means(), std), plotMin, plotMax));
    }

    /**
     * Finds a distribution by name: a built-in name, {@code ring:N} or {@code grid:N}.
     *
     * @param id the name
     * @return the distribution, or empty if the name is none of these
     * @throws InvalidInputException for a {@code ring:} or {@code grid:} name whose N is not a
     *     whole number in range
     */
    public static Optional<SyntheticDistribution> fromId(String id) {
        for (SyntheticDistribution distribution : builtIns()) {
            if (distribution.id.equals(id)) {
                return Optional.of(distribution);
            }
        }
        if (id.startsWith(RING_PREFIX)) {
            return Optional.of(ring(count(id, RING_PREFIX)));
        }
        if (id.startsWith(GRID_PREFIX)) {
            return Optional.of(grid(count(id, GRID_PREFIX)));
        }
        return Optional.empty();
    }

    /**
     * Returns the smallest distance between two mode centres, in units of the std.
     *
     * @return the separation; infinite for a single mode
     */
    public double separationInStds() {
        double[][] means = mixture.means();
        double best = Double.POSITIVE_INFINITY;
        for (int a = 0; a < means.length; a++) {
            for (int b = a + 1; b < means.length; b++) {
                double squared = 0;
                for (int j = 0; j < means[a].length; j++) {
                    double diff = means[a][j] - means[b][j];
                    squared += diff * diff;
                }
                best = Math.min(best, Math.sqrt(squared));
            }
        }
        return best / mixture.std();
    }

    private SyntheticDistribution named(String name) {
        return new SyntheticDistribution(name, layout, size, mixture, plotMin, plotMax);
    }

    private static int count(String id, String prefix) {
        String digits = id.substring(prefix.length());
        if (!digits.matches("[0-9]{1,9}")) {
            throw new InvalidInputException(
                    id + ": N must be a whole number, as in " + prefix + "8");
        }
        return Integer.parseInt(digits);
    }

    private static void checkModes(String id, int n, long modes) {
        if (n < 1) {
            throw new InvalidInputException(id + ": N must be at least 1");
        }
        if (modes > MAX_MODES) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s has %d modes, more than %d: a mode counts when it holds 1%% of the"
                            + " samples, which more modes cannot all do", id, modes, MAX_MODES));
        }
    }

    private static SyntheticDistribution checked(SyntheticDistribution distribution) {
        double separation = distribution.separationInStds();
        if (separation < MIN_SEPARATION_STDS) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s at std %s: neighbouring modes lie %.2f std apart, under %.0f (their 3-std"
                            + " discs would overlap); use fewer modes or a smaller mixtureStd",
                    distribution.id, distribution.mixture.std(), separation,
                    MIN_SEPARATION_STDS));
        }
        return distribution;
    }

    @Override
    public String toString() {
        return id;
    }
}
