package io.github.djlgan.api.config;

import java.util.SplittableRandom;

/**
 * The independent random streams of a run, all derived from its one seed, so that the same seed
 * repeats the run and changing one component's consumption of randomness does not shift another's.
 *
 * @param engine the seed of the engine's generator (parameter initialisation, dropout)
 * @param data the seed of the real-data stream
 * @param noise the seed of the training noise stream
 * @param evaluation the seed of the noise used for pictures and evaluation after training
 */
public record RunSeeds(int engine, long data, long noise, long evaluation) {

    /**
     * Splits a run's seed into its streams.
     *
     * @param seed the run's seed
     * @return the streams' seeds
     */
    public static RunSeeds derive(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        return new RunSeeds(root.nextInt(), root.nextLong(), root.nextLong(), root.nextLong());
    }
}
