package io.github.djlgan.api.metric;

import java.util.Arrays;

/**
 * Parzen-window (Gaussian kernel density) log-likelihood of test data under generated samples,
 * the protocol of the paper's Table 1 (after Breuleux et al. 2011):
 *
 * <pre>
 *   log p_sigma(x) = log( (1/n) sum_i N(x; s_i, sigma^2 I) )
 *                  = logmeanexp_i( -|x - s_i|^2 / (2 sigma^2) ) - (d/2) log(2 pi sigma^2),
 * </pre>
 *
 * with the samples {@code s_1..s_n} as kernel centres. The width sigma is chosen from a grid as the
 * one that maximises the mean log-likelihood of a validation set; the reported figure is the mean
 * over the test set with its standard error.
 *
 * <p>In 784 dimensions the kernel values {@code exp(-|x - s|^2 / (2 sigma^2))} underflow to zero
 * in any floating-point type, so they are never formed: the log-mean-exp subtracts the largest
 * exponent first. Distances arrive in blocks of queries from a {@link SquaredDistances}, so the
 * engine can compute them by matrix products while this class keeps only one block in memory.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Section 5 and Table 1</a>
 * @see <a href="https://doi.org/10.1162/NECO_a_00116">Breuleux, Bengio and Vincent 2011, Quickly
 *     generating representative samples from an RBM-derived process</a>
 */
public final class ParzenWindow {

    private ParzenWindow() {}

    /** Squared Euclidean distances from a block of queries to every kernel centre. */
    @FunctionalInterface
    public interface SquaredDistances {
        /**
         * Returns the squared distances of queries {@code from} (inclusive) to {@code to}
         * (exclusive) to all centres.
         *
         * @param from the first query
         * @param to one past the last query
         * @return {@code (to - from) x centres} values, query after query
         */
        float[] rows(int from, int to);
    }

    /**
     * The chosen kernel width and the resulting test log-likelihood.
     *
     * @param sigma the kernel width chosen on the validation set
     * @param meanLogLikelihood the mean log-likelihood of the test set, in nats
     * @param standardError the standard error of that mean
     * @param testCount the number of test points
     * @param centres the number of kernel centres (generated samples)
     * @param sigmas the grid searched
     * @param validationLogLikelihoods the mean validation log-likelihood for each sigma
     */
    public record Estimate(
            double sigma,
            double meanLogLikelihood,
            double standardError,
            int testCount,
            int centres,
            double[] sigmas,
            double[] validationLogLikelihoods) {}

    /**
     * Returns {@code count} widths evenly spaced in log scale from {@code min} to {@code max}.
     *
     * @param min the smallest width, positive
     * @param max the largest width, at least min
     * @param count how many, at least 1 (1 gives just min)
     * @return the grid
     */
    public static double[] sigmaGrid(double min, double max, int count) {
        if (!(min > 0) || !(max >= min) || count < 1) {
            throw new IllegalArgumentException(
                    "need 0 < min <= max and count >= 1, got " + min + ", " + max + ", " + count);
        }
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            double fraction = count == 1 ? 0 : (double) i / (count - 1);
            grid[i] = Math.exp(Math.log(min) + fraction * (Math.log(max) - Math.log(min)));
        }
        return grid;
    }

    /**
     * Chooses sigma on a validation set and measures the test set with it.
     *
     * @param validation distances of the validation points to the centres
     * @param validationCount the number of validation points
     * @param test distances of the test points to the centres
     * @param testCount the number of test points, at least 2
     * @param centres the number of centres
     * @param dimension the dimension of the data
     * @param sigmas the widths to try
     * @param batch how many queries to ask for at a time
     * @return the estimate
     */
    public static Estimate estimate(
            SquaredDistances validation,
            int validationCount,
            SquaredDistances test,
            int testCount,
            int centres,
            int dimension,
            double[] sigmas,
            int batch) {
        if (testCount < 2 || validationCount < 1) {
            throw new IllegalArgumentException(
                    "need at least 2 test points and 1 validation point, got " + testCount
                            + " and " + validationCount);
        }
        double[][] validationLogs =
                logDensities(validation, validationCount, centres, dimension, sigmas, batch);
        double[] validationMeans = new double[sigmas.length];
        int best = 0;
        for (int s = 0; s < sigmas.length; s++) {
            validationMeans[s] = Arrays.stream(validationLogs[s]).average().orElseThrow();
            if (validationMeans[s] > validationMeans[best]) {
                best = s;
            }
        }
        double sigma = sigmas[best];
        double[] testLogs =
                logDensities(test, testCount, centres, dimension, new double[] {sigma}, batch)[0];
        double mean = Arrays.stream(testLogs).average().orElseThrow();
        double squares = 0;
        for (double value : testLogs) {
            squares += (value - mean) * (value - mean);
        }
        double standardError = Math.sqrt(squares / (testCount - 1) / testCount);
        return new Estimate(
                sigma, mean, standardError, testCount, centres, sigmas.clone(), validationMeans);
    }

    /**
     * Computes log p_sigma(x) of every query for several widths, a block of queries at a time.
     *
     * @param distances the squared distances of the queries to the centres
     * @param queries the number of queries
     * @param centres the number of centres
     * @param dimension the dimension of the data
     * @param sigmas the kernel widths, positive
     * @param batch how many queries to ask for at a time, positive
     * @return {@code [sigma][query]} log densities in nats
     */
    public static double[][] logDensities(
            SquaredDistances distances,
            int queries,
            int centres,
            int dimension,
            double[] sigmas,
            int batch) {
        if (centres < 1 || dimension < 1 || batch < 1 || sigmas.length == 0) {
            throw new IllegalArgumentException(
                    "need centres, dimension, batch and sigmas, got " + centres + ", " + dimension
                            + ", " + batch + ", " + sigmas.length);
        }
        for (double sigma : sigmas) {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("sigma must be positive, got " + sigma);
            }
        }
        double[][] result = new double[sigmas.length][queries];
        for (int from = 0; from < queries; from += batch) {
            int to = Math.min(queries, from + batch);
            float[] block = distances.rows(from, to);
            if (block.length != (to - from) * centres) {
                throw new IllegalArgumentException(
                        "expected " + (to - from) * centres + " distances, got " + block.length);
            }
            for (int s = 0; s < sigmas.length; s++) {
                for (int q = from; q < to; q++) {
                    result[s][q] =
                            logDensity(block, (q - from) * centres, centres, dimension, sigmas[s]);
                }
            }
        }
        return result;
    }

    /**
     * Computes log p_sigma(x) of one query from its squared distances to the centres.
     *
     * @param squaredDistances an array holding the query's distances
     * @param offset where they start
     * @param centres how many there are
     * @param dimension the dimension of the data
     * @param sigma the kernel width
     * @return log p_sigma(x) in nats
     */
    public static double logDensity(
            float[] squaredDistances, int offset, int centres, int dimension, double sigma) {
        double scale = -1 / (2 * sigma * sigma);
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + centres; i++) {
            largest = Math.max(largest, scale * Math.max(0f, squaredDistances[i]));
        }
        double sum = 0;
        for (int i = offset; i < offset + centres; i++) {
            sum += Math.exp(scale * Math.max(0f, squaredDistances[i]) - largest);
        }
        double logMeanExp = largest + Math.log(sum / centres);
        return logMeanExp - dimension / 2.0 * Math.log(2 * Math.PI * sigma * sigma);
    }

    /**
     * Computes the squared distances on the host, exactly, in double precision: the reference
     * for small cases, and usable anywhere no engine is at hand.
     *
     * @param queries the query points, {@code dimension} values each
     * @param centres the kernel centres, {@code dimension} values each
     * @param dimension the dimension of a point
     * @return the distances, block by block
     */
    public static SquaredDistances exact(float[] queries, float[] centres, int dimension) {
        int count = centres.length / dimension;
        return (from, to) -> {
            float[] out = new float[(to - from) * count];
            for (int q = from; q < to; q++) {
                for (int c = 0; c < count; c++) {
                    double sum = 0;
                    for (int j = 0; j < dimension; j++) {
                        double diff = queries[q * dimension + j] - centres[c * dimension + j];
                        sum += diff * diff;
                    }
                    out[(q - from) * count + c] = (float) sum;
                }
            }
            return out;
        };
    }
}
