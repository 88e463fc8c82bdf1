package io.github.djlgan.api.metric;

/**
 * The Jensen-Shannon divergence of two densities tabulated on one evenly spaced grid, in nats:
 *
 * <pre>
 *   JSD(p || q) = KL(p || m) / 2 + KL(q || m) / 2,   m = (p + q) / 2,
 *   KL(p || m)  = integral p(x) log(p(x) / m(x)) dx  ~  sum_i p_i log(p_i / m_i) dx.
 * </pre>
 *
 * <p>It lies in [0, log 2]: 0 exactly when p = q, log 2 when their supports are disjoint. The
 * paper's Theorem 1 writes the virtual training criterion with the optimal discriminator as
 * {@code C(G) = -log 4 + 2 JSD(p_data || p_g)}, so its minimum -log 4 is reached only at p_g =
 * p_data.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Theorem 1</a>
 */
public final class JensenShannon {

    private JensenShannon() {}

    /**
     * Computes JSD(p || q) by the midpoint rule. The densities are normalised on the grid first, so
     * that mass outside it or discretisation error cannot push the result out of [0, log 2].
     *
     * @param p the first density at the grid points, non-negative
     * @param q the second density at the same points, non-negative
     * @return the divergence in nats, in [0, log 2]
     * @throws IllegalArgumentException if the lengths differ, a value is negative or not finite,
     *     or a density has no mass on the grid
     */
    public static double divergence(double[] p, double[] q) {
        if (p.length != q.length || p.length == 0) {
            throw new IllegalArgumentException(
                    "densities need the same non-zero length, got " + p.length + " and " + q.length);
        }
        double massP = mass(p, "p");
        double massQ = mass(q, "q");
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / massP;
            double qi = q[i] / massQ;
            double mi = (pi + qi) / 2;
            if (pi > 0) {
                sum += pi * Math.log(pi / mi);
            }
            if (qi > 0) {
                sum += qi * Math.log(qi / mi);
            }
        }
        return Math.max(0, Math.min(Math.log(2), sum / 2));
    }

    /**
     * The training criterion with the optimal discriminator, {@code C(G) = -log 4 + 2 JSD}.
     *
     * @param divergence JSD(p_data || p_g) in nats
     * @return C(G)
     */
    public static double criterion(double divergence) {
        return -Math.log(4) + 2 * divergence;
    }

    private static double mass(double[] density, String name) {
        double total = 0;
        for (double value : density) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(
                        name + " must be finite and non-negative, got " + value);
            }
            total += value;
        }
        if (total == 0) {
            throw new IllegalArgumentException(name + " has no mass on the grid");
        }
        return total;
    }
}
