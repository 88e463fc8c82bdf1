package io.github.djlgan.api.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An equal-weight mixture of isotropic Gaussians with one shared standard deviation: the shape of
 * every built-in synthetic distribution.
 *
 * <p>Its density is {@code p(x) = (1/M) sum_m N(x; mu_m, std^2 I)}.
 *
 * @param means the mode centres, {@code M x d}
 * @param std the standard deviation of every mode, positive
 */
public record GaussianMixture(double[][] means, double std) {

    /** Validates the shape. */
    public GaussianMixture {
        if (means.length == 0) {
            throw new IllegalArgumentException("a mixture needs at least one mode");
        }
        int dim = means[0].length;
        for (double[] mean : means) {
            if (mean.length != dim) {
                throw new IllegalArgumentException("every mode needs " + dim + " coordinates");
            }
        }
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be positive, got " + std);
        }
        means = Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * Returns the number of coordinates of a sample.
     *
     * @return the dimension d
     */
    public int dimension() {
        return means[0].length;
    }

    /**
     * Returns the number of modes.
     *
     * @return M
     */
    public int modeCount() {
        return means.length;
    }

    @Override
    public double[][] means() {
        return Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * Draws samples: a mode uniformly at random, then Gaussian noise around it.
     *
     * @param random the stream to draw from
     * @param count how many samples
     * @return {@code count * d} floats, sample after sample
     */
    public float[] sample(RandomGenerator random, int count) {
        int dim = dimension();
        float[] out = new float[count * dim];
        for (int i = 0; i < count; i++) {
            double[] mean = means[random.nextInt(means.length)];
            for (int j = 0; j < dim; j++) {
                out[i * dim + j] = (float) (mean[j] + std * random.nextGaussian());
            }
        }
        return out;
    }

    /**
     * Returns the density at a point.
     *
     * @param x a point of dimension d
     * @return p(x)
     */
    public double density(double... x) {
        double norm = Math.pow(2 * Math.PI * std * std, -x.length / 2.0);
        double sum = 0;
        for (double[] mean : means) {
            double squared = 0;
            for (int j = 0; j < x.length; j++) {
                double diff = x[j] - mean[j];
                squared += diff * diff;
            }
            sum += Math.exp(-squared / (2 * std * std));
        }
        return norm * sum / means.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GaussianMixture that
                && std == that.std
                && Arrays.deepEquals(means, that.means);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(means) + Double.hashCode(std);
    }

    @Override
    public String toString() {
        return "GaussianMixture[modes=" + means.length + ", dim=" + dimension() + ", std=" + std + "]";
    }
}
