package io.github.djlgan.api.metric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Frechet (2-Wasserstein) distance between two Gaussians fitted to feature vectors, the
 * measure behind FID:
 *
 * <pre>
 *   d^2 = |mu_1 - mu_2|^2 + Tr(C_1 + C_2 - 2 (C_1 C_2)^(1/2))
 * </pre>
 *
 * <p>The trace of the square root is computed without the non-symmetric product: with {@code S =
 * C_1^(1/2)}, {@code C_1 C_2} is similar to the symmetric positive semi-definite {@code S C_2 S},
 * so {@code Tr (C_1 C_2)^(1/2) = sum_k sqrt(lambda_k(S C_2 S))}. Both roots come from {@link
 * SymmetricEigen} (EJML).
 *
 * <p>The project computes it on features of its own Fashion-MNIST classifier, not Inception-v3, so
 * the values are comparable between runs of this project, not with published FID numbers.
 *
 * @see <a href="https://arxiv.org/abs/1706.08500">Heusel et al. 2017, GANs trained by a two
 *     time-scale update rule converge to a local Nash equilibrium</a>
 * @see <a href="https://doi.org/10.1016/0047-259X(82)90077-X">Dowson and Landau 1982, The Frechet
 *     distance between multivariate normal distributions</a>
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /**
     * Computes the squared Frechet distance of two summaries (the number reported as FID).
     *
     * @param first one set's mean and covariance
     * @param second the other's
     * @return d^2, non-negative
     * @throws IllegalArgumentException if the dimensions differ
     */
    public static double of(FeatureStatistics first, FeatureStatistics second) {
        return of(first.mean(), first.covariance(), second.mean(), second.covariance());
    }

    /**
     * Computes the squared Frechet distance of N(mu_1, C_1) and N(mu_2, C_2).
     *
     * @param mean1 mu_1
     * @param covariance1 C_1, symmetric positive semi-definite
     * @param mean2 mu_2
     * @param covariance2 C_2, symmetric positive semi-definite
     * @return d^2, non-negative
     * @throws IllegalArgumentException if the dimensions differ or a matrix is not symmetric
     */
    public static double of(
            double[] mean1, double[][] covariance1, double[] mean2, double[][] covariance2) {
        int d = mean1.length;
        if (mean2.length != d || covariance1.length != d || covariance2.length != d) {
            throw new IllegalArgumentException(
                    "both Gaussians need dimension " + d + ", got " + mean2.length);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mean1[i] - mean2[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj root1 = new DMatrixRMaj(SymmetricEigen.of(covariance1).sqrt());
        DMatrixRMaj left = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root1, new DMatrixRMaj(covariance2), left);
        DMatrixRMaj middle = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(left, root1, middle);
        // S C_2 S is symmetric in exact arithmetic; average away the rounding.
        double[][] product = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                product[i][j] = (middle.get(i, j) + middle.get(j, i)) / 2;
            }
        }
        double traceRoot = 0;
        for (double value : SymmetricEigen.of(product).values()) {
            traceRoot += Math.sqrt(Math.max(0, value));
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += covariance1[i][i] + covariance2[i][i];
        }
        return Math.max(0, meanTerm + trace - 2 * traceRoot);
    }
}
