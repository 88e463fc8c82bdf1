package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class FrechetDistanceTest {

    @Test
    public void identicalStatisticsAreAtZero() {
        float[] features = new float[500 * 6];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (random.nextGaussian() * (1 + i % 6));
        }
        FeatureStatistics stats = FeatureStatistics.of(features, 6);
        assertEquals(FrechetDistance.of(stats, stats), 0.0, 1e-9);
    }

    @Test
    public void diagonalCovariancesGiveTheSumOfRootDifferences() {
        // d^2 = |mu1 - mu2|^2 + sum_i (sqrt(a_i) - sqrt(b_i))^2 for diagonal covariances.
        double[] mean1 = {1, 2, 3};
        double[] mean2 = {1, 0, 3};
        double[][] c1 = {{4, 0, 0}, {0, 1, 0}, {0, 0, 9}};
        double[][] c2 = {{1, 0, 0}, {0, 1, 0}, {0, 0, 4}};
        double expected = 4 + 1 + 0 + 1;
        assertEquals(FrechetDistance.of(mean1, c1, mean2, c2), expected, 1e-10);
    }

    @Test
    public void rotatedCovarianceAgainstTheIdentity() {
        // C1 = I, C2 = R diag(4, 0.25) R^T: (C1 C2)^(1/2) = C2^(1/2) with eigenvalues 2 and 0.5, so
        // d^2 = Tr(I) + Tr(C2) - 2 (2 + 0.5) = 2 + 4.25 - 5 = 1.25, whatever the rotation.
        double angle = 0.7;
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[][] c2 = {
            {4 * c * c + 0.25 * s * s, (4 - 0.25) * c * s},
            {(4 - 0.25) * c * s, 4 * s * s + 0.25 * c * c}
        };
        double[][] identity = {{1, 0}, {0, 1}};
        double[] zero = {0, 0};
        assertEquals(FrechetDistance.of(zero, identity, zero, c2), 1.25, 1e-10);
        assertEquals(FrechetDistance.of(zero, c2, zero, identity), 1.25, 1e-10);
    }

    @Test
    public void nonCommutingPairMatchesTheTwoByTwoFormula() {
        // For 2x2 positive definite M = S C2 S: Tr sqrt(M) = sqrt(Tr M + 2 sqrt(det M)), and
        // Tr M = Tr(C1 C2), det M = det C1 det C2.
        double[][] c1 = {{2, 0.5}, {0.5, 1}};
        double[][] c2 = {{1, -0.3}, {-0.3, 3}};
        double traceProduct = 2 * 1 + 0.5 * -0.3 + 0.5 * -0.3 + 1 * 3;
        double det = (2 * 1 - 0.25) * (3 - 0.09);
        double traceRoot = Math.sqrt(traceProduct + 2 * Math.sqrt(det));
        double expected = 9 + 3 + 4 - 2 * traceRoot;
        double[] mean1 = {0, 3};
        double[] mean2 = {0, 0};
        assertEquals(FrechetDistance.of(mean1, c1, mean2, c2), expected, 1e-10);
    }

    @Test
    public void eigenDecompositionReconstructsTheMatrix() {
        double[][] a = {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 1}};
        SymmetricEigen eigen = SymmetricEigen.of(a);
        double[][] root = eigen.sqrt();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double square = 0;
                for (int k = 0; k < 3; k++) {
                    square += root[i][k] * root[k][j];
                }
                assertEquals(square, a[i][j], 1e-12);
            }
        }
        assertEquals(eigen.values()[0] + eigen.values()[1] + eigen.values()[2], 8.0, 1e-12);
    }

    @Test
    public void sampleCovarianceIsUnbiased() {
        FeatureStatistics stats = FeatureStatistics.of(new float[] {0, 0, 2, 4}, 2);
        assertEquals(stats.mean(), new double[] {1, 2});
        assertEquals(stats.covariance()[0], new double[] {2, 4});
        assertEquals(stats.covariance()[1], new double[] {4, 8});
    }
}
