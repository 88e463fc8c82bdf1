package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.data.GaussianMixture;

import java.util.SplittableRandom;

/**
 * Samples a {@link GaussianMixture} on the host from a seeded stream, so the same seed yields the
 * same minibatches on every engine and device.
 */
public final class MixtureDataSource implements RealDataSource {

    private final GaussianMixture mixture;
    private final SplittableRandom random;

    /**
     * Creates a source.
     *
     * @param mixture the distribution
     * @param seed the seed of the stream
     */
    public MixtureDataSource(GaussianMixture mixture, long seed) {
        this.mixture = mixture;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Shape sampleShape() {
        return new Shape(mixture.dimension());
    }

    /** Replays the host stream without creating arrays. */
    @Override
    public void skip(NDManager manager, long batches, int batchSize) {
        for (long i = 0; i < batches; i++) {
            mixture.sample(random, batchSize);
        }
    }

    @Override
    public NDList next(NDManager manager, int batchSize) {
        return new NDList(
                manager.create(
                        mixture.sample(random, batchSize),
                        new Shape(batchSize, mixture.dimension())));
    }
}
