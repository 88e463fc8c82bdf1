package io.github.djlgan.api.metric;

/**
 * A one-dimensional Gaussian kernel density estimate with Silverman's rule-of-thumb bandwidth:
 *
 * <pre>
 *   p_hat(x) = (1/n) sum_i N(x; s_i, h^2),   h = 1.06 * std(s) * n^(-1/5).
 * </pre>
 *
 * <p>It estimates a generator's density p_g from its samples, to compare with p_data.
 *
 * @see <a href="https://doi.org/10.1201/9781315140919">Silverman 1986, Density Estimation for
 *     Statistics and Data Analysis, Section 3.4</a>
 */
public final class KernelDensity {

    /** Kernel values further than this many bandwidths from a point are left out (below 1e-14). */
    private static final double CUTOFF = 8;

    private KernelDensity() {}

    /**
     * Returns Silverman's bandwidth for samples, or a small positive width when they all coincide.
     *
     * @param samples the samples, at least two
     * @return h
     */
    public static double bandwidth(float[] samples) {
        if (samples.length < 2) {
            throw new IllegalArgumentException("need at least two samples, got " + samples.length);
        }
        double mean = 0;
        for (float sample : samples) {
            mean += sample;
        }
        mean /= samples.length;
        double squares = 0;
        for (float sample : samples) {
            squares += (sample - mean) * (sample - mean);
        }
        double std = Math.sqrt(squares / (samples.length - 1));
        double h = 1.06 * std * Math.pow(samples.length, -0.2);
        return h > 0 ? h : 1e-3;
    }

    /**
     * Evaluates the estimate at given points.
     *
     * @param samples the samples
     * @param points where to evaluate
     * @return p_hat at each point
     */
    public static double[] estimate(float[] samples, double[] points) {
        double h = bandwidth(samples);
        float[] sorted = samples.clone();
        java.util.Arrays.sort(sorted);
        double norm = 1 / (samples.length * h * Math.sqrt(2 * Math.PI));
        double[] density = new double[points.length];
        for (int p = 0; p < points.length; p++) {
            double x = points[p];
            int start = lowerBound(sorted, x - CUTOFF * h);
            double sum = 0;
            for (int i = start; i < sorted.length && sorted[i] <= x + CUTOFF * h; i++) {
                double z = (x - sorted[i]) / h;
                sum += Math.exp(-z * z / 2);
            }
            density[p] = norm * sum;
        }
        return density;
    }

    private static int lowerBound(float[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
