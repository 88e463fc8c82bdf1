package io.github.djlgan.api.metric;

import io.github.djlgan.api.data.GaussianMixture;

/**
 * Mode coverage of samples from a mixture of Gaussians, as defined for the ring and grid
 * benchmarks by Srivastava et al. (VEEGAN, 2017) and Lin et al. (PacGAN, 2018).
 *
 * <p>A sample is of high quality when it lies within 3 standard deviations of its nearest mode. A
 * mode is covered when it is the nearest mode of at least one high-quality sample. Modes holding at
 * least 1% of all samples (high-quality samples nearest to them) are counted too, a stricter
 * reading some papers use.
 *
 * <p>The reverse KL divergence (Lin et al. 2018, section 4.1, Table 1's third column) compares the
 * samples' mode histogram with the uniform one: every sample, of high quality or not, is counted
 * at its nearest mode, giving shares {@code q_m} that sum to 1, and {@code KL(q || u) = sum_m q_m
 * ln(q_m M)} in nats, with {@code 0 ln 0 = 0}. It is 0 when the modes are equally used and {@code
 * ln M} when one mode takes every sample. Counting low-quality samples at their nearest mode keeps
 * the histogram a distribution over the M modes whatever G does, so the divergence is always
 * finite.
 *
 * @param modes the number of modes of the mixture
 * @param modesCovered modes that are the nearest mode of at least one high-quality sample
 * @param modesWithOnePercent modes holding at least 1% of the samples as high-quality samples
 * @param highQualityShare the share of samples within 3 std of their nearest mode
 * @param samples the number of samples judged
 * @param reverseKl {@code KL(q || uniform)} in nats, in {@code [0, ln M]}, as defined above
 * @see <a href="https://arxiv.org/abs/1712.04086">Lin et al., PacGAN, 2018</a>
 */
public record ModeCoverage(
        int modes,
        int modesCovered,
        int modesWithOnePercent,
        double highQualityShare,
        int samples,
        double reverseKl) {

    /** A sample within this many standard deviations of a mode is of high quality. */
    public static final double HIGH_QUALITY_STDS = 3.0;

    /**
     * Judges samples against a mixture.
     *
     * @param mixture the data distribution
     * @param samples {@code n * d} coordinates, sample after sample
     * @return the coverage
     */
    public static ModeCoverage of(GaussianMixture mixture, float[] samples) {
        int dim = mixture.dimension();
        if (samples.length % dim != 0 || samples.length == 0) {
            throw new IllegalArgumentException(
                    "samples must be a non-empty multiple of " + dim + " values");
        }
        double[][] means = mixture.means();
        int count = samples.length / dim;
        double limit = HIGH_QUALITY_STDS * mixture.std();
        int[] perMode = new int[means.length];
        int[] nearestCounts = new int[means.length];
        int highQuality = 0;
        for (int i = 0; i < count; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < means.length; m++) {
                double squared = 0;
                for (int j = 0; j < dim; j++) {
                    double diff = samples[i * dim + j] - means[m][j];
                    squared += diff * diff;
                }
                if (squared < best) {
                    best = squared;
                    nearest = m;
                }
            }
            nearestCounts[nearest]++;
            if (Math.sqrt(best) <= limit) {
                highQuality++;
                perMode[nearest]++;
            }
        }
        int covered = 0;
        int onePercent = 0;
        for (int held : perMode) {
            covered += held > 0 ? 1 : 0;
            onePercent += held >= 0.01 * count ? 1 : 0;
        }
        return new ModeCoverage(
                means.length, covered, onePercent, (double) highQuality / count, count,
                reverseKl(nearestCounts, count));
    }

    /**
     * Returns {@code KL(q || uniform) = sum_m q_m ln(q_m M)} for a histogram.
     *
     * @param counts the samples per mode
     * @param total their sum, positive
     * @return the divergence in nats
     */
    static double reverseKl(int[] counts, int total) {
        double divergence = 0;
        for (int held : counts) {
            if (held > 0) {
                double share = (double) held / total;
                divergence += share * Math.log(share * counts.length);
            }
        }
        return Math.max(0, divergence);
    }
}
