package io.github.djlgan.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.event.StepStats;

/**
 * Sums each step's statistics on the engine and reads them back only at the log interval, so that
 * a training step never waits for the device just to report a number.
 *
 * <p>The sums are, in this order: D loss, mean D(x), mean D(G(z)), G loss ({@link #SIZE} values).
 */
final class StatsAccumulator implements AutoCloseable {

    /** How many values a step adds: D loss, mean D(x), mean D(G(z)), G loss. */
    static final int SIZE = 4;

    private final NDManager manager;
    private NDArray sums;
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
     * @param step {D loss, mean D(x), mean D(G(z)), G loss}, shape {@code (4)}
     */
    void add(NDArray step) {
        sums.addi(step);
        steps++;
    }

    /**
     * Reads the sums back (one host sync) without starting a new interval.
     *
     * @return the sums, {@link #SIZE} values
     */
    float[] peek() {
        return sums.toFloatArray();
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
        if (sums != null) {
            sums.close();
        }
        sums = manager.zeros(new Shape(SIZE));
        steps = 0;
        startNanos = System.nanoTime();
    }

    @Override
    public void close() {
        sums.close();
    }
}
