package io.github.djlgan.api.metric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, computed by EJML's symmetric
 * eigendecomposition (Householder tridiagonalisation followed by the implicit symmetric QR
 * algorithm, Golub and Van Loan, Algorithms 8.3.1 and 8.3.3), accurate to a small multiple of
 * machine precision times the matrix's norm.
 *
 * @param values the eigenvalues, ascending
 * @param vectors the eigenvectors as columns, {@code vectors[row][k]} belonging to {@code
 *     values[k]}
 * @see <a href="https://ejml.org">EJML, Efficient Java Matrix Library</a>
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    /**
     * Decomposes {@code a = V diag(values) V^T}.
     *
     * @param matrix a square symmetric matrix; not changed
     * @return the decomposition
     * @throws IllegalArgumentException if the matrix is not square, not symmetric, or not finite,
     *     or if the decomposition does not converge
     */
    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " is not");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException("matrix has a non-finite entry");
                }
                scale = Math.max(scale, Math.abs(matrix[i][j]));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(matrix[i][j] - matrix[j][i])
                        > 1e-9 * Math.max(scale, Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException(
                            "matrix must be symmetric, entries (" + i + "," + j + ") differ");
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> decomposition =
                DecompositionFactory_DDRM.eig(n, true, true);
        if (!decomposition.decompose(new DMatrixRMaj(matrix))) {
            throw new IllegalArgumentException("the eigendecomposition did not converge");
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> decomposition.getEigenvalue(k).real));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = decomposition.getEigenvalue(order[k]).real;
            DMatrixRMaj vector = decomposition.getEigenVector(order[k]);
            for (int row = 0; row < n; row++) {
                vectors[row][k] = vector.get(row, 0);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * Returns the principal square root {@code V diag(sqrt(max(values, 0))) V^T} of a positive
     * semi-definite matrix; eigenvalues below zero by rounding are taken as zero.
     *
     * @return the symmetric square root
     */
    public double[][] sqrt() {
        int n = values.length;
        double[] roots = new double[n];
        for (int k = 0; k < n; k++) {
            roots[k] = Math.sqrt(Math.max(0, values[k]));
        }
        double[][] result = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += vectors[i][k] * roots[k] * vectors[j][k];
                }
                result[i][j] = sum;
                result[j][i] = sum;
            }
        }
        return result;
    }
}
