package io.github.djlgan.api.metric;

import java.util.SplittableRandom;

/**
 * The kernel distance between two sets of feature vectors, the measure behind KID: the squared
 * maximum mean discrepancy (MMD) with the cubic polynomial kernel
 *
 * <pre>
 *   k(x, y) = (x . y / d + 1)^3
 * </pre>
 *
 * <p>estimated without bias (Gretton et al. 2012, Lemma 6) from {@code m} vectors {@code x_i} of
 * one set and {@code m} vectors {@code y_j} of the other:
 *
 * <pre>
 *   MMD^2_u = 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(m(m-1)) sum_{i != j} k(y_i, y_j)
 *             - 2/m^2 sum_{i, j} k(x_i, y_j)
 * </pre>
 *
 * <p>Following Binkowski et al. (2018, section 4 and their reference code), the estimate is
 * averaged over {@code S} subsets (by default {@value #DEFAULT_SUBSETS}) of {@code m =
 * min(}{@value #DEFAULT_SUBSET_SIZE}{@code , n_1, n_2)} vectors drawn without replacement from
 * each set. Unlike the Frechet distance it has an unbiased estimator, so values from a few
 * thousand samples are comparable to those from many more; it can be slightly negative when the
 * sets are alike. A set compared with itself scores {@code (2/N)(O - D)} in expectation, a
 * little below zero ({@code D} the mean of {@code k(x_i, x_i)}, {@code O} of {@code k(x_i, x_j)}
 * for {@code i != j}), because the two sides' subsets then share vectors. The project computes it
 * on its own extractors' features, not Inception-v3.
 *
 * @param value the average of the subset estimates, the KID; in squared feature units
 * @param standardError the standard deviation of the subset estimates divided by {@code
 *     sqrt(S)}: the Monte Carlo error of the average over subsets. Subsets drawn from the same
 *     samples overlap, so this does not include the variation from drawing new samples; see
 *     {@code subsetDeviation} for that scale
 * @param subsetDeviation the standard deviation of the subset estimates, the error of a single
 *     estimate from {@code subsetSize} vectors of each set (the "+-" that Binkowski et al.'s
 *     code, StudioGAN and torchmetrics report); 0 when one subset holds a whole set
 * @param subsets the number of subsets {@code S}
 * @param subsetSize the vectors per set in each subset {@code m}
 * @see <a href="https://arxiv.org/abs/1801.01401">Binkowski, Sutherland, Arbel and Gretton 2018,
 *     Demystifying MMD GANs</a>
 * @see <a href="https://jmlr.org/papers/v13/gretton12a.html">Gretton et al. 2012, A kernel
 *     two-sample test</a>
 */
public record KernelDistance(
        double value, double standardError, double subsetDeviation, int subsets, int subsetSize) {

    /** The number of subsets of Binkowski et al.'s protocol. */
    public static final int DEFAULT_SUBSETS = 100;

    /** The largest subset size of Binkowski et al.'s protocol. */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /**
     * Estimates the KID with the paper's protocol: {@value #DEFAULT_SUBSETS} subsets of up to
     * {@value #DEFAULT_SUBSET_SIZE} vectors.
     *
     * @param first one set, {@code dimension} values per vector, one after the other
     * @param second the other set, in the same layout
     * @param dimension the length {@code d} of a vector
     * @param seed the seed of the subsets' draw
     * @return the estimate and its errors
     * @throws IllegalArgumentException if a set has fewer than two vectors or the arrays are not
     *     whole numbers of vectors
     */
    public static KernelDistance of(float[] first, float[] second, int dimension, long seed) {
        return of(first, second, dimension, DEFAULT_SUBSETS, DEFAULT_SUBSET_SIZE, seed);
    }

    /**
     * Estimates the KID over subsets.
     *
     * @param first one set, {@code dimension} values per vector, one after the other
     * @param second the other set, in the same layout
     * @param dimension the length {@code d} of a vector
     * @param subsets how many subsets to average, at least 1
     * @param maxSubsetSize the most vectors per set in a subset, at least 2; fewer when a set is
     *     smaller
     * @param seed the seed of the subsets' draw
     * @return the estimate and its errors
     * @throws IllegalArgumentException if a set has fewer than two vectors, the arrays are not
     *     whole numbers of vectors, or the counts are out of range
     */
    public static KernelDistance of(
            float[] first,
            float[] second,
            int dimension,
            int subsets,
            int maxSubsetSize,
            long seed) {
        int firstCount = count(first, dimension);
        int secondCount = count(second, dimension);
        if (subsets < 1 || maxSubsetSize < 2) {
            throw new IllegalArgumentException(
                    "need at least 1 subset of at least 2 vectors, got " + subsets + " of "
                            + maxSubsetSize);
        }
        int m = Math.min(maxSubsetSize, Math.min(firstCount, secondCount));
        SplittableRandom random = new SplittableRandom(seed);
        double[] estimates = new double[subsets];
        double sum = 0;
        for (int s = 0; s < subsets; s++) {
            float[] x = subset(first, dimension, firstCount, m, random);
            float[] y = subset(second, dimension, secondCount, m, random);
            estimates[s] = unbiasedMmd2(x, y, dimension);
            sum += estimates[s];
        }
        double mean = sum / subsets;
        double squares = 0;
        for (double estimate : estimates) {
            squares += (estimate - mean) * (estimate - mean);
        }
        double deviation = subsets > 1 ? Math.sqrt(squares / (subsets - 1)) : 0;
        return new KernelDistance(mean, deviation / Math.sqrt(subsets), deviation, subsets, m);
    }

    /**
     * Computes the unbiased squared MMD of two whole sets with the cubic kernel (the formula in
     * the class description, with {@code n_1} and {@code n_2} vectors).
     *
     * @param first one set, {@code dimension} values per vector
     * @param second the other set
     * @param dimension the length {@code d} of a vector
     * @return MMD^2_u, in squared feature units; may be slightly negative
     * @throws IllegalArgumentException if a set has fewer than two vectors or the arrays are not
     *     whole numbers of vectors
     */
    public static double unbiasedMmd2(float[] first, float[] second, int dimension) {
        int n1 = count(first, dimension);
        int n2 = count(second, dimension);
        double within1 = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = i + 1; j < n1; j++) {
                within1 += 2 * kernel(first, i, first, j, dimension);
            }
        }
        double within2 = 0;
        for (int i = 0; i < n2; i++) {
            for (int j = i + 1; j < n2; j++) {
                within2 += 2 * kernel(second, i, second, j, dimension);
            }
        }
        double across = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                across += kernel(first, i, second, j, dimension);
            }
        }
        return within1 / ((double) n1 * (n1 - 1))
                + within2 / ((double) n2 * (n2 - 1))
                - 2 * across / ((double) n1 * n2);
    }

    /** k(a_i, b_j) = (a_i . b_j / d + 1)^3. */
    private static double kernel(float[] a, int i, float[] b, int j, int dimension) {
        double base = dot(a, i * dimension, b, j * dimension, dimension) / dimension + 1;
        return base * base * base;
    }

    /**
     * The dot product of two vectors in double precision, over four independent partial sums
     * so that the processor can overlap them (a single running sum serialises every addition).
     */
    private static double dot(float[] a, int offsetA, float[] b, int offsetB, int dimension) {
        double sum0 = 0;
        double sum1 = 0;
        double sum2 = 0;
        double sum3 = 0;
        int c = 0;
        for (; c + 3 < dimension; c += 4) {
            sum0 += (double) a[offsetA + c] * b[offsetB + c];
            sum1 += (double) a[offsetA + c + 1] * b[offsetB + c + 1];
            sum2 += (double) a[offsetA + c + 2] * b[offsetB + c + 2];
            sum3 += (double) a[offsetA + c + 3] * b[offsetB + c + 3];
        }
        for (; c < dimension; c++) {
            sum0 += (double) a[offsetA + c] * b[offsetB + c];
        }
        return (sum0 + sum1) + (sum2 + sum3);
    }

    /** Draws m of the n vectors without replacement (a partial Fisher-Yates shuffle). */
    private static float[] subset(
            float[] vectors, int dimension, int n, int m, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] chosen = new float[m * dimension];
        for (int i = 0; i < m; i++) {
            int pick = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[pick];
            order[pick] = swap;
            System.arraycopy(vectors, order[i] * dimension, chosen, i * dimension, dimension);
        }
        return chosen;
    }

    static int count(float[] vectors, int dimension) {
        if (dimension < 1 || vectors.length % dimension != 0 || vectors.length < 2 * dimension) {
            throw new IllegalArgumentException(
                    "need at least two vectors of " + dimension + " values, got "
                            + vectors.length + " values");
        }
        return vectors.length / dimension;
    }
}
