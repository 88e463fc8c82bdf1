package io.github.djlgan.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.event.StepStats;

import java.util.Arrays;

/**
 * Sums each step's statistics on the engine and reads them back only at the log interval, so that
 * a training step never waits for the device just to report a number.
 *
 * <p>The sums are, in this order: D loss, mean D(x), mean D(G(z)), G loss ({@link #SIZE} values).
 * D's three and G's loss are summed in two arrays, each with one in-place addition per step, so
 * that a step adds no operation to join them.
 */
final class StatsAccumulator implements AutoCloseable {

    /** How many values a step adds: D loss, mean D(x), mean D(G(z)), G loss. */
    static final int SIZE = 4;

    private final NDManager manager;
    /** D loss, mean D(x), mean D(G(z)), summed over the steps. */
    private NDArray discriminatorSums;
    /** G loss summed over the steps. */
    private NDArray generatorSum;
    private long steps;
    private long startNanos;

    /**
     * Creates an accumulator whose sums live in a manager.
     *
     * @param manager the manager of the sums, typically the trainer's
     */
    StatsAccumulator(NDManager manager) {
        this.manager = manager;
        reset();
    }

    /**
     * Adds one step's statistics.
     *
     * @param discriminatorStats {D loss, mean D(x), mean D(G(z))} summed over the step's k D
     *     updates, shape {@code (3)}
     * @param discriminatorSteps k, which the sum is divided by
     * @param generatorLoss the step's G loss, a scalar
     */
    void add(NDArray discriminatorStats, int discriminatorSteps, NDArray generatorLoss) {
        // x / 1 is x: with k = 1, the default, the division is skipped.
        discriminatorSums.addi(
                discriminatorSteps == 1
                        ? discriminatorStats
                        : discriminatorStats.div(discriminatorSteps));
        generatorSum.addi(generatorLoss);
        steps++;
    }

    /**
     * Reads the sums back (a host sync) without starting a new interval.
     *
     * @return the sums, {@link #SIZE} values
     */
    float[] peek() {
        float[] sums = Arrays.copyOf(discriminatorSums.toFloatArray(), SIZE);
        sums[SIZE - 1] = generatorSum.getFloat();
        return sums;
    }

    /**
     * Reads back the averages since the last call and starts a new interval.
     *
     * @param step the trainer's step counter, recorded in the result
     * @return the averages over the steps since the last call, with the time per step
     */
    StepStats drain(long step) {
        float[] values = peek();
        double millisPerStep = (System.nanoTime() - startNanos) / 1e6 / Math.max(steps, 1);
        StepStats stats = averages(step, values, millisPerStep);
        reset();
        return stats;
    }

    /**
     * Turns sums into averages over the steps of the interval so far.
     *
     * @param step the trainer's step counter
     * @param values the sums, as {@link #peek} returns them
     * @param millisPerStep the time per step to report, NaN when not measured
     * @return the averages
     */
    StepStats averages(long step, float[] values, double millisPerStep) {
        long count = Math.max(steps, 1);
        return new StepStats(
                step,
                steps,
                values[0] / count,
                values[3] / count,
                values[1] / count,
                values[2] / count,
                millisPerStep);
    }

    /** Starts a new interval. */
    void reset() {
        // A fresh array rather than zeroing in place: NaN * 0 would stay NaN.
        close();
        discriminatorSums = manager.zeros(new Shape(SIZE - 1));
        generatorSum = manager.zeros(new Shape());
        steps = 0;
        startNanos = System.nanoTime();
    }

    @Override
    public void close() {
        if (discriminatorSums != null) {
            discriminatorSums.close();
            generatorSum.close();
        }
    }
}
