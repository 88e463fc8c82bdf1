package io.github.djlgan.api.metric;

import java.util.Arrays;

/**
 * Improved precision and recall of a generative model (Kynkaanniemi et al. 2019, section 2): the
 * share of generated samples that lie on the real data's manifold, and the share of real samples
 * that lie on the generated manifold.
 *
 * <p>A set's manifold is estimated as the union of balls, one around each of its feature vectors
 * {@code phi}, of radius {@code NND_k(phi)}, the Euclidean distance to the {@code k}-th nearest
 * other vector of the same set (the paper uses {@code k = }{@value #DEFAULT_K}). With real
 * vectors {@code R} and generated vectors {@code G}:
 *
 * <pre>
 *   f(phi, S) = 1 if |phi - phi'| &lt;= NND_k(phi') for some phi' in S, else 0
 *   precision = 1/|G| sum_{g in G} f(g, R)      recall = 1/|R| sum_{r in R} f(r, G)
 * </pre>
 *
 * <p>Precision measures how many generated samples look real (quality); recall how much of the
 * real variety the generator covers. Both lie in [0, 1]; identical sets score 1 and 1. The search
 * is exhaustive, {@code O((|R| + |G|)^2 d)} time, meant for the few thousand samples a CPU
 * evaluation draws.
 *
 * @param precision the share of generated vectors inside the real manifold, in [0, 1]
 * @param recall the share of real vectors inside the generated manifold, in [0, 1]
 * @param k the neighbour whose distance is each ball's radius
 * @see <a href="https://arxiv.org/abs/1904.06991">Kynkaanniemi, Karras, Laine, Lehtinen and Aila
 *     2019, Improved precision and recall metric for assessing generative models</a>
 */
public record PrecisionRecall(double precision, double recall, int k) {

    /** The neighbour count of the paper. */
    public static final int DEFAULT_K = 3;

    /**
     * Computes precision and recall with the paper's {@code k = 3}.
     *
     * @param real the real vectors, {@code dimension} values each, one after the other
     * @param generated the generated vectors, in the same layout
     * @param dimension the length of a vector
     * @return precision and recall
     * @throws IllegalArgumentException if a set has {@code k} vectors or fewer, or the arrays are
     *     not whole numbers of vectors
     */
    public static PrecisionRecall of(float[] real, float[] generated, int dimension) {
        return of(real, generated, dimension, DEFAULT_K);
    }

    /**
     * Computes precision and recall with {@code k}-nearest-neighbour balls.
     *
     * @param real the real vectors, {@code dimension} values each, one after the other
     * @param generated the generated vectors, in the same layout
     * @param dimension the length of a vector
     * @param k the neighbour whose distance is a ball's radius, at least 1
     * @return precision and recall
     * @throws IllegalArgumentException if a set has {@code k} vectors or fewer, or the arrays are
     *     not whole numbers of vectors
     */
    public static PrecisionRecall of(float[] real, float[] generated, int dimension, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        double[] realRadii = squaredRadii(real, dimension, k);
        double[] generatedRadii = squaredRadii(generated, dimension, k);
        return new PrecisionRecall(
                inside(generated, real, realRadii, dimension),
                inside(real, generated, generatedRadii, dimension),
                k);
    }

    /**
     * Computes each vector's squared distance to its {@code k}-th nearest other vector of the
     * same set.
     *
     * @param vectors the set, {@code dimension} values each
     * @param dimension the length of a vector
     * @param k which neighbour
     * @return one squared radius per vector
     * @throws IllegalArgumentException if the set has {@code k} vectors or fewer
     */
    public static double[] squaredRadii(float[] vectors, int dimension, int k) {
        int n = vectors.length / dimension;
        if (dimension < 1 || vectors.length % dimension != 0 || n <= k) {
            throw new IllegalArgumentException(
                    "need more than k = " + k + " vectors of " + dimension + " values, got "
                            + vectors.length + " values");
        }
        double[] radii = new double[n];
        double[] nearest = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double distance = squaredDistance(vectors, i, vectors, j, dimension);
                if (distance < nearest[k - 1]) {
                    // Insert into the sorted list of the k smallest distances so far.
                    int position = k - 1;
                    while (position > 0 && nearest[position - 1] > distance) {
                        nearest[position] = nearest[position - 1];
                        position--;
                    }
                    nearest[position] = distance;
                }
            }
            radii[i] = nearest[k - 1];
        }
        return radii;
    }

    /** The share of queries within the ball of at least one centre. */
    private static double inside(
            float[] queries, float[] centres, double[] squaredRadii, int dimension) {
        int n = queries.length / dimension;
        int found = 0;
        for (int q = 0; q < n; q++) {
            for (int c = 0; c < squaredRadii.length; c++) {
                if (squaredDistance(queries, q, centres, c, dimension) <= squaredRadii[c]) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / n;
    }

    private static double squaredDistance(float[] a, int i, float[] b, int j, int dimension) {
        double sum = 0;
        int offsetA = i * dimension;
        int offsetB = j * dimension;
        for (int c = 0; c < dimension; c++) {
            double difference = (double) a[offsetA + c] - b[offsetB + c];
            sum += difference * difference;
        }
        return sum;
    }
}
