package io.github.djlgan.djl.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.metric.ParzenWindow;

/**
 * Squared Euclidean distances from queries to a fixed set of centres on the engine, by {@code
 * |q - c|^2 = |q|^2 + |c|^2 - 2 q.c}: one matrix product per block of queries. The centres and
 * their norms stay on the engine; each block's arrays live in a sub-manager closed with the block.
 */
public final class EngineDistances implements ParzenWindow.SquaredDistances, AutoCloseable {

    private final NDManager manager;
    private final NDArray centres;
    private final NDArray centreNorms;
    private final float[] queries;
    private final int dimension;

    /**
     * Puts the centres on the engine.
     *
     * @param parent the manager under which the centres are kept
     * @param centres the centres, {@code dimension} values each
     * @param queries the queries, {@code dimension} values each
     * @param dimension the dimension of a point
     */
    public EngineDistances(NDManager parent, float[] centres, float[] queries, int dimension) {
        this.manager = parent.newSubManager();
        this.dimension = dimension;
        this.queries = queries;
        this.centres = manager.create(centres, new Shape(centres.length / dimension, dimension));
        this.centreNorms = this.centres.square().sum(new int[] {1}).reshape(1, -1);
    }

    @Override
    public float[] rows(int from, int to) {
        try (NDManager block = manager.newSubManager()) {
            float[] slice = new float[(to - from) * dimension];
            System.arraycopy(queries, from * dimension, slice, 0, slice.length);
            NDArray query = block.create(slice, new Shape(to - from, dimension));
            NDArray queryNorms = query.square().sum(new int[] {1}).reshape(-1, 1);
            NDArray products = query.matMul(centres.transpose());
            return queryNorms.add(centreNorms).sub(products.mul(2)).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
