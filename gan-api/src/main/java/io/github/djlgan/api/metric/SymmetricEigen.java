package io.github.djlgan.api.metric;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method: plane
 * rotations zero the off-diagonal entries one at a time until they are negligible. It is slower
 * than a tridiagonal QR method but short, stable and accurate to machine precision, which is
 * what the Frechet distance of a few hundred features needs.
 *
 * @param values the eigenvalues, ascending
 * @param vectors the eigenvectors as columns, {@code vectors[row][k]} belonging to {@code
 *     values[k]}
 * @see <a href="https://doi.org/10.1007/978-3-662-39778-7_10">Rutishauser, The Jacobi method for
 *     real symmetric matrices, 1971</a>
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /**
     * Decomposes {@code a = V diag(values) V^T}.
     *
     * @param matrix a square symmetric matrix; not changed
     * @return the decomposition
     * @throws IllegalArgumentException if the matrix is not square, not symmetric, or not finite
     */
    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " is not");
            }
            a[i] = matrix[i].clone();
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("matrix has a non-finite entry");
                }
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(scale, Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException(
                            "matrix must be symmetric, entries (" + i + "," + j + ") differ");
                }
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a) > 1e-30 * diagonal(a); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[x][x], a[y][y]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k]][order[k]];
            for (int row = 0; row < n; row++) {
                vectors[row][k] = v[row][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Zeroes a[p][q] with one rotation (Golub and Van Loan, Algorithm 8.4.1). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * a[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonal(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i][i] * a[i][i];
        }
        return Math.max(sum, Double.MIN_NORMAL);
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
