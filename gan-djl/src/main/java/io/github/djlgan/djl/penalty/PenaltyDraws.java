package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * A penalty's random numbers, drawn on the host so that every engine sees the same, from a stream
 * keyed by the penalty's seed and the index of the D update: a resumed run draws exactly what an
 * uninterrupted one would.
 */
final class PenaltyDraws {

    private PenaltyDraws() {}

    /**
     * The stream of one D update. The key {@code seed ^ (update * gamma)} is hashed into the
     * stream's seed by one draw: SplittableRandom's k-th value from seed s is {@code mix(s + k *
     * gamma)}, so keys one gamma apart (a small seed, consecutive updates) would otherwise give the
     * same values shifted by one, and consecutive updates correlated draws.
     */
    static SplittableRandom stream(long seed, long update) {
        return new SplittableRandom(
                new SplittableRandom(seed ^ (update * 0x9E3779B97F4A7C15L)).nextLong());
    }

    /**
     * Draws U[0, 1) values for one D update.
     *
     * @param target where the array is made
     * @param shape its shape
     * @param seed the penalty's seed
     * @param update the index of the D update, from 0
     * @return the values, float32
     */
    static NDArray uniform(NDManager target, Shape shape, long seed, long update) {
        return draw(target, shape, stream(seed, update)::nextDouble);
    }

    /**
     * Draws N(0, 1) values for one D update.
     *
     * @param target where the array is made
     * @param shape its shape
     * @param seed the penalty's seed
     * @param update the index of the D update, from 0
     * @return the values, float32
     */
    static NDArray gaussian(NDManager target, Shape shape, long seed, long update) {
        return draw(target, shape, stream(seed, update)::nextGaussian);
    }

    private static NDArray draw(NDManager target, Shape shape, DoubleSupplier next) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) next.getAsDouble();
        }
        return target.create(values, shape);
    }
}
