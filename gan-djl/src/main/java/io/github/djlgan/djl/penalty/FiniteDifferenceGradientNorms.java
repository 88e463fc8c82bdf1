package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import io.github.djlgan.api.config.PenaltyEstimator;

import java.util.function.Function;

/**
 * An unbiased estimate of {@code ||g||^2} with first-order gradients only, so that it runs on every
 * engine and every layer: with a direction {@code v ~ N(0, I)} of the shape of one D input (a
 * sample, or the m samples of a pack),
 *
 * <pre>
 *   E_v[(g . v)^2] = g^T E[v v^T] g = ||g||^2,
 *   g . v ~= (D(x + h v) - D(x - h v)) / (2 h),     h = {@value PenaltyEstimator#STEP}
 * </pre>
 *
 * and where D is smooth, since v does not depend on D's parameters, the parameter gradient of
 * {@code (g . v)^2} is unbiased for that of {@code ||g||^2} too; for a piecewise-linear D it also
 * carries the motion of kinks within {@code h |v|} of x ({@link PenaltyEstimator#FINITE_DIFFERENCE}
 * has the measurement). {@code (g . v)^2 = ||g||^2 chi^2_1}, so each D output's
 * estimate has variance {@code 2 ||g||^4} (relative standard deviation sqrt 2, whatever the
 * dimension); the penalty averages it over the minibatch. It estimates squared norms only: {@code
 * sqrt((g . v)^2) = |g . v|} is biased for {@code ||g||} (WGAN-GP, DRAGAN).
 *
 * <p>Both points go through D in one forward pass of 2N rows, so a layer with per-pass state
 * (spectral norm's power iteration) treats them alike. D must be deterministic for a given input:
 * dropout would give the two points different masks ({@link GradientPenalties#create} refuses it).
 * Directions are drawn on the host from the penalty's per-update stream ({@link PenaltyDraws}), so
 * every engine sees the same and a resumed run draws them again.
 */
final class FiniteDifferenceGradientNorms implements GradientNorms {

    /** The central difference's step h, {@link PenaltyEstimator#STEP}. */
    private static final float STEP = PenaltyEstimator.STEP;

    private final long seed;

    /**
     * Creates the estimate.
     *
     * @param seed the seed of the penalty's random stream
     */
    FiniteDifferenceGradientNorms(long seed) {
        this.seed = seed;
    }

    @Override
    public NDArray squaredNorms(
            Function<NDList, NDArray> discriminator, NDList input, long update) {
        NDArray x = input.head();
        NDArray directions = PenaltyDraws.gaussian(x.getManager(), x.getShape(), seed, update);
        return squaredDirectional(discriminator, input, directions);
    }

    /**
     * Computes {@code ((D(x + h v) - D(x - h v)) / (2 h))^2} per D output for given directions.
     *
     * @param discriminator D in training mode
     * @param input {@code (x)} or {@code (x, labels)}, x of shape {@code (batch, ...)}
     * @param directions v, the shape of x
     * @return shape {@code (rows)}, one per D output
     */
    static NDArray squaredDirectional(
            Function<NDList, NDArray> discriminator, NDList input, NDArray directions) {
        NDArray x = input.head().stopGradient();
        NDArray step = directions.mul(STEP);
        NDList both = new NDList(NDArrays.concat(new NDList(x.add(step), x.sub(step))));
        for (NDArray labels : input.subNDList(1)) {
            both.add(NDArrays.concat(new NDList(labels, labels)));
        }
        NDList halves = discriminator.apply(both).split(2);
        NDArray directional = halves.get(0).sub(halves.get(1)).div(2 * STEP);
        long rows = directional.getShape().get(0);
        return directional.reshape(rows, -1).square().sum(new int[] {1});
    }
}
