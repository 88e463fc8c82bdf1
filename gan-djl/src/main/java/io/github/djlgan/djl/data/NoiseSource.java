package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.NoiseKind;

import java.util.SplittableRandom;

/**
 * Draws the generator's input z ~ p_z on the host from a seeded stream, so the same seed yields the
 * same noise on every engine. For a conditional GAN it also draws the class of each sample,
 * uniformly.
 */
public final class NoiseSource {

    private static final double SQRT3 = Math.sqrt(3);

    private final NoiseKind kind;
    private final int latentDim;
    private final int classes;
    private final SplittableRandom random;

    /**
     * Creates a source.
     *
     * @param kind the prior
     * @param latentDim the size of z
     * @param seed the seed of the stream
     */
    public NoiseSource(NoiseKind kind, int latentDim, long seed) {
        this(kind, latentDim, 0, seed);
    }

    /**
     * Creates a source for a generator that may be conditional.
     *
     * @param kind the prior
     * @param latentDim the size of z
     * @param classes the classes of a conditional generator, 0 for an unconditional one
     * @param seed the seed of the stream
     */
    public NoiseSource(NoiseKind kind, int latentDim, int classes, long seed) {
        this.kind = kind;
        this.latentDim = latentDim;
        this.classes = classes;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Returns a source of the same prior, size and classes with another seed.
     *
     * @param seed the seed of the new stream
     * @return the new source
     */
    public NoiseSource withSeed(long seed) {
        return new NoiseSource(kind, latentDim, classes, seed);
    }

    /**
     * Returns the number of classes labels are drawn from.
     *
     * @return the classes, 0 for an unconditional generator
     */
    public int classes() {
        return classes;
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
        return manager.create(nextValues(batchSize), new Shape(batchSize, latentDim));
    }

    /**
     * Draws the generator's input for a batch: z, and for a conditional generator uniformly drawn
     * classes.
     *
     * @param manager the manager that owns the returned arrays
     * @param batchSize how many samples
     * @return {@code (z)}, or {@code (z, labels)} with float32 labels of shape {@code (batchSize)}
     */
    public NDList nextInput(NDManager manager, int batchSize) {
        NDArray z = next(manager, batchSize);
        if (classes == 0) {
            return new NDList(z);
        }
        float[] labels = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new NDList(z, manager.create(labels));
    }

    /**
     * Draws z for given classes of a conditional generator.
     *
     * @param manager the manager that owns the returned arrays
     * @param labels the class of each sample
     * @return {@code (z, labels)}
     * @throws IllegalArgumentException if the generator is unconditional or a label is not a class
     */
    public NDList nextInput(NDManager manager, int[] labels) {
        return new NDList(next(manager, labels.length), labels(manager, labels));
    }

    /**
     * Checks classes of a conditional generator and puts them in an array.
     *
     * @param manager the manager that owns the returned array
     * @param labels the classes
     * @return float32 labels of shape {@code (labels.length)}
     * @throws IllegalArgumentException if the generator is unconditional or a label is not a class
     */
    public NDArray labels(NDManager manager, int[] labels) {
        if (classes == 0) {
            throw new IllegalArgumentException("this generator is not conditional; it takes no label");
        }
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " is not a class; classes are 0 to " + (classes - 1));
            }
            values[i] = labels[i];
        }
        return manager.create(values);
    }

    private float[] nextValues(int batchSize) {
        float[] values = new float[batchSize * latentDim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) draw();
        }
        return values;
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
