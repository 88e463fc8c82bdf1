package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** An endless stream of real minibatches, x ~ p_data. */
public interface RealDataSource extends AutoCloseable {

    /**
     * Returns the shape of one sample, without the batch axis.
     *
     * @return the sample shape
     */
    Shape sampleShape();

    /**
     * Draws the next minibatch.
     *
     * @param manager the manager that owns the returned array (a step's sub-manager)
     * @param batchSize the number of samples
     * @return {@code (samples)}, a {@code (batchSize, sampleShape...)} float32 array, followed by
     *     the samples' {@code (batchSize)} class labels for a conditional GAN
     */
    NDList next(NDManager manager, int batchSize);

    /**
     * Draws and discards minibatches, leaving the source where it would be had they been used: a
     * resumed run re-derives its data stream this way.
     *
     * @param manager a manager for the discarded arrays
     * @param batches how many minibatches to skip
     * @param batchSize the size of each
     */
    default void skip(NDManager manager, long batches, int batchSize) {
        for (long i = 0; i < batches; i++) {
            next(manager, batchSize).close();
        }
    }

    /** Releases what the source holds; nothing by default. */
    @Override
    default void close() {}
}
