package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Makes a network conditional on a class label (Mirza and Osindero 2014): it takes {@code (x,
 * label)}, joins the label's one-hot code to x, and runs the wrapped network on the result. For a
 * generator x is z; for a discriminator x is a sample.
 *
 * <p>Two ways to join: {@link Join#FEATURES} flattens x to {@code (batch, features)} and appends
 * the code (MLPs, and z); {@link Join#CHANNELS} appends the code as constant feature maps to an
 * image {@code (batch, channels, height, width)}, so that a convolutional network sees the label
 * at every position. The first layer of the wrapped network learns the label's embedding; the
 * code itself has no parameters. Labels are class indices from 0, of any numeric type.
 *
 * @see <a href="https://arxiv.org/abs/1411.1784">Mirza and Osindero 2014</a>
 */
public final class LabelJoin extends AbstractBlock {

    /** How the code is joined to the input. */
    public enum Join {
        /** Appended to the flattened input. */
        FEATURES,
        /** Appended as constant channels of an image. */
        CHANNELS
    }

    private static final byte VERSION = 1;

    private final Block network;
    private final int classes;
    private final Join join;

    /**
     * Wraps a network.
     *
     * @param network the network that sees the joined input
     * @param classes the number of classes
     * @param join how to join the label to the input
     */
    public LabelJoin(Block network, int classes, Join join) {
        super(VERSION);
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        this.network = addChildBlock("network", network);
        this.classes = classes;
        this.join = join;
    }

    /**
     * Returns the number of classes.
     *
     * @return the classes
     */
    public int classes() {
        return classes;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        NDArray code = inputs.get(1).oneHot(classes).toType(input.getDataType(), false);
        NDArray joined;
        if (join == Join.FEATURES) {
            joined = input.reshape(input.getShape().get(0), -1).concat(code, 1);
        } else {
            Shape shape = input.getShape();
            NDArray maps =
                    code.reshape(shape.get(0), classes, 1, 1)
                            .broadcast(new Shape(shape.get(0), classes, shape.get(2), shape.get(3)));
            joined = input.concat(maps, 1);
        }
        return network.forward(parameterStore, new NDList(joined), training, params);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, joinedShape(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(new Shape[] {joinedShape(inputShapes[0])});
    }

    private Shape joinedShape(Shape input) {
        if (join == Join.FEATURES) {
            return new Shape(input.get(0), input.size() / input.get(0) + classes);
        }
        return new Shape(input.get(0), input.get(1) + classes, input.get(2), input.get(3));
    }
}
