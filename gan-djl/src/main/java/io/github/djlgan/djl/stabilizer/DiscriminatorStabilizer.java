package io.github.djlgan.djl.stabilizer;

import java.util.Map;

/**
 * What every stabiliser the loop is composed from shares: state that a checkpoint must carry for
 * a resumed run to continue exactly, and native resources to release.
 *
 * <p>The state is a set of named counters (for example how many rows of a random stream were
 * drawn), written into the trainer's {@code trainer.json} beside the loop's own counters. Names
 * must not clash with the loop's ({@code step}, {@code realBatches}, {@code noiseBatches}) or with
 * other stabilisers'.
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

    /** Releases native memory the stabiliser holds; the default holds none. */
    @Override
    default void close() {}
}
