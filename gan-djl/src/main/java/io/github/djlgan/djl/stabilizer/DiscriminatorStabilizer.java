package io.github.djlgan.djl.stabilizer;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * What every stabiliser the loop is composed from shares: state that a checkpoint must carry for
 * a resumed run to continue exactly, and native resources to release.
 *
 * <p>The state is a set of named counters (for example how many rows of a random stream were
 * drawn), written into the trainer's {@code trainer.json} beside the loop's own counters. Names
 * must not clash with the loop's ({@code step}, {@code realBatches}, {@code noiseBatches}) or with
 * other stabilisers'.
 *
 * <p>A stabiliser that adapts to how D judges real data (ADA's augmentation probability, Karras
 * et al. 2020, section 3) reads D's real logits through {@link #observeRealLogits}, once per D
 * update; the others ignore it.
 */
public interface DiscriminatorStabilizer extends AutoCloseable {

    /**
     * Returns the counters a checkpoint must hold to resume this stabiliser exactly.
     *
     * @return counter values by name, in a fixed order; empty when stateless
     */
    default Map<String, Long> positions() {
        return Map.of();
    }

    /**
     * Continues from a checkpoint's counters, re-deriving any random stream from them. Called
     * once, before the first step after a restore.
     *
     * @param positions the checkpoint's counters by name; a name this stabiliser wrote may be
     *     missing in checkpoints written before it was counted, and then means 0
     */
    default void resumeAt(Map<String, Long> positions) {}

    /**
     * Sees D's logits on the real minibatch of one D update (as D judged it: after the input
     * transforms), after that update. Called once per D update, in order; the default ignores
     * them.
     *
     * <p>The array belongs to the step's manager and dies with it, and is still attached to the
     * update's graph: detach it ({@link NDArray#stopGradient()}) before combining it with state
     * that outlives the step. Never read it back to the host here (no host synchronisation per
     * step); accumulate on the engine and read at a log interval or a checkpoint.
     *
     * @param realLogits D's logits, shape {@code (batch)} or {@code (batch, 1)}
     */
    default void observeRealLogits(NDArray realLogits) {}

    /**
     * Returns numbers to log beside the loop's statistics at a log interval, one {@code
     * metrics.csv} column each (ADA's p is one). They may be read back from the engine, so they
     * are asked for only at log intervals, never every step.
     *
     * @return values by column name, the same names in the same order for the whole run; empty
     *     by default
     */
    default Map<String, Double> logValues() {
        return Map.of();
    }

    /** Releases native memory the stabiliser holds; the default holds none. */
    @Override
    default void close() {}
}
