package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Real minibatches from a DJL {@link RandomAccessDataset}, pass after pass: when a pass (an epoch)
 * ends, the next begins in a new random order drawn from DJL's seeded generator.
 */
public final class DatasetDataSource implements RealDataSource {

    private final RandomAccessDataset dataset;
    private final Shape sampleShape;
    private final int batchSize;
    private final NDManager manager;
    private final boolean labelled;
    private Iterator<Batch> batches;
    private long epochs;

    /**
     * Creates the source.
     *
     * @param dataset the dataset, whose sampler yields full batches of {@code batchSize}
     * @param sampleShape the shape of one sample
     * @param batchSize the dataset's batch size
     * @param parent a manager for the dataset's batches, closed with this source
     * @param labelled whether batches carry their labels (for a conditional GAN)
     */
    public DatasetDataSource(
            RandomAccessDataset dataset,
            Shape sampleShape,
            int batchSize,
            NDManager parent,
            boolean labelled) {
        this.dataset = dataset;
        this.sampleShape = sampleShape;
        this.batchSize = batchSize;
        this.manager = parent.newSubManager();
        this.labelled = labelled;
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    /**
     * Returns how many passes over the dataset have been started.
     *
     * @return the epoch count
     */
    public long epochs() {
        return epochs;
    }

    @Override
    public NDList next(NDManager target, int size) {
        if (size != batchSize) {
            throw new IllegalArgumentException(
                    "this source yields batches of " + batchSize + ", not " + size);
        }
        if (batches == null || !batches.hasNext()) {
            try {
                batches = dataset.getData(manager).iterator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TranslateException e) {
                throw new IllegalStateException(e);
            }
            epochs++;
            if (!batches.hasNext()) {
                throw new IllegalStateException("the dataset holds less than one batch");
            }
        }
        try (Batch batch = batches.next()) {
            NDList next = new NDList(batch.getData().head());
            if (labelled) {
                next.add(batch.getLabels().head());
            }
            next.attach(target);
            return next;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
