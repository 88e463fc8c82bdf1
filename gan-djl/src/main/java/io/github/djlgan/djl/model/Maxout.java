package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A maxout layer (Goodfellow et al. 2013): {@code units} outputs, each the largest of {@code
 * pieces} affine functions of the input, {@code h_i(x) = max_j (x W_ij + b_ij)}. The paper's
 * MNIST discriminator is built from them.
 *
 * <p>One matrix multiplication computes every piece, laid out unit by unit ({@code units *
 * pieces} columns, the pieces of a unit adjacent); a reshape to {@code (batch, units, pieces)} and a
 * max over the last axis finish the layer. The gradient flows only through each unit's winning
 * piece.
 *
 * @see <a href="https://arxiv.org/abs/1302.4389">Goodfellow et al. 2013, Maxout Networks</a>
 */
public final class Maxout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int units;
    private final int pieces;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the layer.
     *
     * @param units the outputs
     * @param pieces the affine pieces each output is the maximum of
     */
    public Maxout(int units, int pieces) {
        super(VERSION);
        if (units < 1 || pieces < 1) {
            throw new IllegalArgumentException(
                    "units and pieces must be positive, got " + units + " and " + pieces);
        }
        this.units = units;
        this.pieces = pieces;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.bias =
                addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        weight.setShape(new Shape((long) units * pieces, input.get(input.dimension() - 1)));
        bias.setShape(new Shape((long) units * pieces));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray affine =
                Linear.linear(
                                input,
                                parameterStore.getValue(weight, input.getDevice(), training),
                                parameterStore.getValue(bias, input.getDevice(), training))
                        .singletonOrThrow();
        return new NDList(affine.reshape(input.getShape().get(0), units, pieces).max(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), units)};
    }
}
