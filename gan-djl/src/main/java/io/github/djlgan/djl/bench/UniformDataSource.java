package io.github.djlgan.djl.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.djl.data.RealDataSource;

import java.util.SplittableRandom;

/**
 * Stand-in real images for timing: values uniform in [-1, 1], the range of a tanh generator, drawn
 * on the host from a seeded stream like every other source, so the work per step matches training
 * on files minus the reading.
 */
final class UniformDataSource implements RealDataSource {

    private final Shape sampleShape;
    private final SplittableRandom random;

    UniformDataSource(Shape sampleShape, long seed) {
        this.sampleShape = sampleShape;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    @Override
    public NDList next(NDManager manager, int batchSize) {
        float[] values = new float[Math.toIntExact(batchSize * sampleShape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return new NDList(manager.create(values, new Shape(batchSize).addAll(sampleShape)));
    }
}
