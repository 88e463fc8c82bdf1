package io.github.djlgan.api.metric;

/**
 * The mean and covariance of a set of feature vectors, the summary the Frechet distance compares.
 *
 * @param mean the mean, {@code d} values
 * @param covariance the unbiased sample covariance, {@code d x d}
 * @param count the number of vectors summarised
 */
public record FeatureStatistics(double[] mean, double[][] covariance, int count) {

    /** Checks the shapes. */
    public FeatureStatistics {
        int d = mean.length;
        if (d == 0 || covariance.length != d) {
            throw new IllegalArgumentException(
                    "covariance must be " + d + " x " + d + " for a mean of " + d + " values");
        }
        for (double[] row : covariance) {
            if (row.length != d) {
                throw new IllegalArgumentException("covariance must be " + d + " x " + d);
            }
        }
    }

    /**
     * Summarises feature vectors.
     *
     * @param features the vectors, {@code dimension} values each, one after the other
     * @param dimension the length of one vector
     * @return their mean and unbiased covariance
     * @throws IllegalArgumentException if there are fewer than two vectors or the array is not a
     *     whole number of them
     */
    public static FeatureStatistics of(float[] features, int dimension) {
        if (dimension < 1 || features.length % dimension != 0 || features.length < 2 * dimension) {
            throw new IllegalArgumentException(
                    "need at least two vectors of " + dimension + " values, got "
                            + features.length + " values");
        }
        int n = features.length / dimension;
        double[] mean = new double[dimension];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                mean[j] += features[i * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= n;
        }
        double[][] covariance = new double[dimension][dimension];
        double[] centred = new double[dimension];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                centred[j] = features[i * dimension + j] - mean[j];
            }
            for (int a = 0; a < dimension; a++) {
                double ca = centred[a];
                double[] row = covariance[a];
                for (int b = a; b < dimension; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < dimension; a++) {
            for (int b = a; b < dimension; b++) {
                covariance[a][b] /= n - 1;
                covariance[b][a] = covariance[a][b];
            }
        }
        return new FeatureStatistics(mean, covariance, n);
    }

    /**
     * Returns the length of one feature vector.
     *
     * @return d
     */
    public int dimension() {
        return mean.length;
    }
}
