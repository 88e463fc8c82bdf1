package io.github.djlgan.djl.eval;

import io.github.djlgan.api.metric.FeatureStatistics;
import io.github.djlgan.api.metric.FrechetDistance;
import io.github.djlgan.api.metric.KernelDistance;
import io.github.djlgan.api.metric.PrecisionRecall;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One set of images compared with the reference set on an extractor's features: the Frechet
 * distance (FID-style, Heusel et al. 2017), the kernel distance (KID, Binkowski et al. 2018:
 * {@link #kid}: 100 subsets of up to 1,000 vectors, with its standard error) and
 * improved precision and recall (Kynkaanniemi et al. 2019: {@link PrecisionRecall}, k = 3).
 *
 * <p>Precision and recall search neighbours exhaustively, so they are computed on at most {@value
 * #MAX_NEIGHBOUR_SET} vectors of each set, drawn without replacement with the fixed seed {@value
 * #SEED} (all of them when there are fewer); {@link #neighbourCount()} and {@link
 * #neighbourReferenceCount()} say how many. The paper uses 50,000; with fewer the k-NN balls are
 * larger and both numbers come out higher, so rows are comparable only at the same counts.
 *
 * @param set what was compared with the reference, e.g. {@code generated}
 * @param count the vectors of that set
 * @param referenceCount the vectors of the reference set
 * @param frechetDistance the Frechet distance, in squared feature units
 * @param kid the kernel distance with its errors
 * @param precisionRecall precision (the set's share inside the reference manifold) and recall
 * @param neighbourCount the set's vectors precision and recall used
 * @param neighbourReferenceCount the reference's vectors precision and recall used
 * @param reliable whether both sets hold at least {@value #MIN_RELIABLE} vectors; below that the
 *     numbers are printed as unreliable
 */
public record FeatureComparison(
        String set,
        int count,
        int referenceCount,
        double frechetDistance,
        KernelDistance kid,
        PrecisionRecall precisionRecall,
        int neighbourCount,
        int neighbourReferenceCount,
        boolean reliable) {

    /** The fewest images of each set whose numbers are reported as meaning something. */
    public static final int MIN_RELIABLE = 100;

    /** The fewest images of each set that the metrics can be computed on at all (k = 3, + 1). */
    public static final int MIN_COMPUTABLE = PrecisionRecall.DEFAULT_K + 1;

    /** The most vectors of each set precision and recall use. */
    public static final int MAX_NEIGHBOUR_SET = 5000;

    /** The seed of the KID subsets and of the precision-recall draw. */
    public static final long SEED = 2018;

    /**
     * Compares a set of feature vectors with the reference's.
     *
     * @param set the name of the set
     * @param features its vectors, {@code dimension} values each
     * @param reference the reference's vectors, in the same layout
     * @param referenceStatistics the reference's mean and covariance (computed once for all rows)
     * @param dimension the length of a vector
     * @return the comparison
     * @throws IllegalArgumentException if a set has fewer than {@value #MIN_COMPUTABLE} vectors
     */
    public static FeatureComparison of(
            String set,
            float[] features,
            float[] reference,
            FeatureStatistics referenceStatistics,
            int dimension) {
        int count = features.length / dimension;
        int referenceCount = reference.length / dimension;
        if (Math.min(count, referenceCount) < MIN_COMPUTABLE) {
            throw new IllegalArgumentException("need at least " + MIN_COMPUTABLE
                    + " vectors in each set, got " + count + " and " + referenceCount);
        }
        double frechet =
                FrechetDistance.of(FeatureStatistics.of(features, dimension), referenceStatistics);
        KernelDistance kid = kid(features, reference, dimension);
        float[] generatedDraw = draw(features, dimension, SEED);
        float[] referenceDraw = draw(reference, dimension, SEED + 1);
        PrecisionRecall precisionRecall = PrecisionRecall.of(referenceDraw, generatedDraw,
                dimension);
        return new FeatureComparison(set, count, referenceCount, frechet, kid, precisionRecall,
                generatedDraw.length / dimension, referenceDraw.length / dimension,
                Math.min(count, referenceCount) >= MIN_RELIABLE);
    }

    /**
     * Estimates the KID with Binkowski et al.'s protocol ({@value KernelDistance#DEFAULT_SUBSETS}
     * subsets of up to {@value KernelDistance#DEFAULT_SUBSET_SIZE} vectors, seed {@value #SEED}),
     * except that when both sets are no larger than a subset, every subset would hold both whole
     * sets and give the same estimate: then one subset is computed, and its error is 0 (as in
     * the reference code).
     *
     * @param features one set's vectors, {@code dimension} values each
     * @param reference the other's
     * @param dimension the length of a vector
     * @return the estimate
     */
    public static KernelDistance kid(float[] features, float[] reference, int dimension) {
        int largest = Math.max(features.length, reference.length) / dimension;
        int subsets = largest <= KernelDistance.DEFAULT_SUBSET_SIZE
                        && features.length == reference.length
                ? 1 : KernelDistance.DEFAULT_SUBSETS;
        return KernelDistance.of(features, reference, dimension, subsets,
                KernelDistance.DEFAULT_SUBSET_SIZE, SEED);
    }

    /**
     * Draws at most {@value #MAX_NEIGHBOUR_SET} vectors without replacement, all of them in their
     * order when there are no more.
     *
     * @param vectors the vectors, {@code dimension} values each
     * @param dimension the length of a vector
     * @param seed the seed of the draw
     * @return the vectors drawn
     */
    static float[] draw(float[] vectors, int dimension, long seed) {
        int n = vectors.length / dimension;
        if (n <= MAX_NEIGHBOUR_SET) {
            return vectors;
        }
        int[] chosen = draw(n, MAX_NEIGHBOUR_SET, seed);
        float[] out = new float[chosen.length * dimension];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(vectors, chosen[i] * dimension, out, i * dimension, dimension);
        }
        return out;
    }

    /**
     * Chooses {@code k} of the indices {@code 0 .. n-1}: all in order when {@code k = n}, else a
     * seeded draw without replacement (a partial Fisher-Yates shuffle).
     *
     * @param n how many there are
     * @param k how many to choose, at most {@code n}
     * @param seed the seed of the draw
     * @return the chosen indices
     */
    static int[] draw(int n, int k, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (k < n) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < k; i++) {
                int pick = i + random.nextInt(n - i);
                int swap = order[i];
                order[i] = order[pick];
                order[pick] = swap;
            }
        }
        return Arrays.copyOf(order, k);
    }
}
