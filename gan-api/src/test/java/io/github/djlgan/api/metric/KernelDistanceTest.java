package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class KernelDistanceTest {

    @Test
    public void unbiasedMmdMatchesTheHandComputedSums() {
        // d = 1, k(a, b) = (a b + 1)^3. X = {0, 1}: k(0, 1) = 1, both ordered pairs / (2 * 1) = 1.
        // Y = {2, 3}: k(2, 3) = 7^3 = 343. Across: 1 + 1 + 27 + 64 = 93, times 2 / 4 = 46.5.
        float[] x = {0, 1};
        float[] y = {2, 3};
        assertEquals(KernelDistance.unbiasedMmd2(x, y, 1), 1 + 343 - 46.5, 1e-12);
        assertEquals(KernelDistance.unbiasedMmd2(y, x, 1), 297.5, 1e-12);
    }

    @Test
    public void theDotProductIsScaledByTheDimension() {
        // d = 2: x = {(1, 1), (0, 0)}, y = {(2, 0), (0, 2)}. Within x: (0 / 2 + 1)^3 = 1.
        // Within y: (0 / 2 + 1)^3 = 1. Across: (2/2+1)^3 = 8 twice, 1 twice: 18, times 2 / 4 = 9.
        float[] x = {1, 1, 0, 0};
        float[] y = {2, 0, 0, 2};
        assertEquals(KernelDistance.unbiasedMmd2(x, y, 2), 1 + 1 - 9, 1e-12);
    }

    @Test
    public void subsetsHoldingWholeSetsGiveTheFullEstimateWithNoSpread() {
        float[] x = {0, 1};
        float[] y = {2, 3};
        KernelDistance kid = KernelDistance.of(x, y, 1, 7, 1000, 5);
        assertEquals(kid.subsetSize(), 2);
        assertEquals(kid.subsets(), 7);
        assertEquals(kid.value(), 297.5, 1e-12);
        assertEquals(kid.subsetDeviation(), 0.0, 1e-12);
        assertEquals(kid.standardError(), 0.0, 1e-12);
    }

    @Test
    public void aSetAgainstItselfIsNearZeroAndAShiftedSetIsNot() {
        int d = 4;
        float[] features = gaussian(600, d, 0, 11);
        KernelDistance self = KernelDistance.of(features, features, d, 100, 200, 1);
        assertEquals(self.subsetSize(), 200);
        assertTrue(self.subsetDeviation() > 0, "subsets differ");
        // Both sides' subsets are drawn from the same N = 600 vectors, so a vector meets itself
        // in the cross term with probability 1/N: given the vectors, E[MMD^2_u] = (2/N)(O - D)
        // with D the mean of k(x_i, x_i) and O that of k(x_i, x_j), i != j: a little below 0.
        // The average over subsets must match it within its Monte Carlo standard error.
        double diagonal = 0;
        double offDiagonal = 0;
        for (int i = 0; i < 600; i++) {
            for (int j = 0; j < 600; j++) {
                float[] pair = new float[2 * d];
                System.arraycopy(features, i * d, pair, 0, d);
                System.arraycopy(features, j * d, pair, d, d);
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += pair[c] * pair[d + c];
                }
                double k = Math.pow(dot / d + 1, 3);
                if (i == j) {
                    diagonal += k / 600;
                } else {
                    offDiagonal += k / (600.0 * 599);
                }
            }
        }
        double expected = 2.0 / 600 * (offDiagonal - diagonal);
        assertTrue(expected < 0 && expected > -0.1, "expected " + expected);
        assertEquals(self.value(), expected, 3 * self.standardError(), self.toString());

        float[] other = gaussian(600, d, 0, 12);
        KernelDistance same = KernelDistance.of(features, other, d, 100, 200, 1);
        assertTrue(Math.abs(same.value()) < 3 * same.subsetDeviation(), same.toString());

        float[] shifted = gaussian(600, d, 1, 13);
        KernelDistance apart = KernelDistance.of(features, shifted, d, 100, 200, 1);
        // A mean shift of 1 in each of 4 coordinates is far outside the spread of even a single
        // subset estimate.
        assertTrue(apart.value() > 5 * apart.subsetDeviation(), apart.toString());
        assertTrue(apart.value() > 10 * Math.abs(self.value()), apart + " vs " + self);
    }

    @Test
    public void theDefaultProtocolShrinksToTheSamples() {
        float[] x = gaussian(50, 3, 0, 1);
        float[] y = gaussian(40, 3, 0, 2);
        KernelDistance kid = KernelDistance.of(x, y, 3, 9);
        assertEquals(kid.subsets(), KernelDistance.DEFAULT_SUBSETS);
        assertEquals(kid.subsetSize(), 40);
        assertEquals(kid.standardError(), kid.subsetDeviation() / 10, 1e-15);
        assertEquals(KernelDistance.of(x, y, 3, 9), kid, "the seed fixes the subsets");
    }

    @Test
    public void tooFewVectorsAreRefused() {
        expectThrows(
                IllegalArgumentException.class,
                () -> KernelDistance.unbiasedMmd2(new float[] {1}, new float[] {1, 2}, 1));
        expectThrows(
                IllegalArgumentException.class,
                () -> KernelDistance.of(new float[] {1, 2, 3}, new float[] {1, 2}, 2, 3));
    }

    static float[] gaussian(int count, int dimension, double mean, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + random.nextGaussian());
        }
        return values;
    }
}
