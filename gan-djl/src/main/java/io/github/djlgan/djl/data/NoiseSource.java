package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.NoiseKind;

import java.util.SplittableRandom;

/**
 * Draws the generator's input z ~ p_z on the host from a seeded stream, so the same seed yields the
 * same noise on every engine.
 */
public final class NoiseSource {

    private static final double SQRT3 = Math.sqrt(3);

    private final NoiseKind kind;
    private final int latentDim;
    private final SplittableRandom random;

    /**
     * Creates a source.
     *
     * @param kind the prior
     * @param latentDim the size of z
     * @param seed the seed of the stream
     */
    public NoiseSource(NoiseKind kind, int latentDim, long seed) {
        this.kind = kind;
        this.latentDim = latentDim;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Returns the prior.
     *
     * @return the kind of noise
     */
    public NoiseKind kind() {
        return kind;
    }

    /**
     * Returns the size of z.
     *
     * @return the latent dimension
     */
    public int latentDim() {
        return latentDim;
    }

    /**
     * Draws a batch of noise vectors.
     *
     * @param manager the manager that owns the returned array
     * @param batchSize how many vectors
     * @return a {@code (batchSize, latentDim)} float32 array
     */
    public NDArray next(NDManager manager, int batchSize) {
        float[] values = new float[batchSize * latentDim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) draw();
        }
        return manager.create(values, new Shape(batchSize, latentDim));
    }

    /**
     * Draws and discards batches, leaving the stream where it would be had they been used: a
     * resumed run re-derives its noise this way.
     *
     * @param batches how many batches to skip
     * @param batchSize the size of each
     */
    public void skip(long batches, int batchSize) {
        long values = batches * batchSize * latentDim;
        for (long i = 0; i < values; i++) {
            draw();
        }
    }

    private double draw() {
        return kind == NoiseKind.GAUSSIAN ? random.nextGaussian() : random.nextDouble(-SQRT3, SQRT3);
    }
}
