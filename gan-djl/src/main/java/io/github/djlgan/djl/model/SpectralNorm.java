package io.github.djlgan.djl.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Spectral normalisation (Miyato et al. 2018) of a linear or 2D convolution layer: the layer runs
 * with its weight divided by an estimate of its largest singular value, {@code W_SN = W /
 * sigma(W)}, which bounds its Lipschitz constant by 1.
 *
 * <p>sigma is estimated by power iteration on W reshaped to a matrix of {@code out} rows (the
 * filters of a convolution, the units of a linear layer). The left singular vector estimate
 * {@code u} is state kept between steps, a parameter that takes no gradient (like batch norm's
 * running statistics), so it is saved and loaded with the network. Each forward pass in training
 * makes one iteration, as in the paper's Algorithm 1:
 *
 * <pre>
 * v = W^T u / |W^T u|,   u = W v / |W v|,   sigma = u^T W v
 * </pre>
 *
 * <p>u and v are constants for the gradient; W gets the gradient through {@code W / sigma}. In
 * inference u is not updated. The layer's own weight and bias are used; its forward pass is not.
 * Everything is done in engine-neutral NDArray operations.
 *
 * @see <a href="https://arxiv.org/abs/1802.05957">Miyato et al. 2018, Algorithm 1</a>
 */
public final class SpectralNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Keeps the normalisation finite for a zero vector. */
    private static final float EPSILON = 1e-12f;

    private final Block layer;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter leftVector;

    /**
     * Wraps a layer.
     *
     * @param layer a {@link Linear} or {@link Conv2d} layer, not yet initialised
     * @throws IllegalArgumentException for any other block
     */
    public SpectralNorm(Block layer) {
        super(VERSION);
        if (!(layer instanceof Linear) && !(layer instanceof Conv2d)) {
            throw new IllegalArgumentException(
                    "spectral normalisation wraps Linear or Conv2d layers, not "
                            + layer.getClass().getSimpleName());
        }
        this.layer = addChildBlock("layer", layer);
        this.weight = layer.getParameters().get("weight");
        this.bias = layer.getParameters().get("bias");
        this.leftVector =
                addParameter(
                        Parameter.builder()
                                .setName("u")
                                .setType(Parameter.Type.OTHER)
                                .optRequiresGrad(false)
                                .optInitializer(new NormalInitializer(1f))
                                .build());
    }

    /**
     * Returns a copy of a sequential network with each of its linear and convolution layers, in
     * nested sequential blocks too, wrapped in spectral normalisation. The layers themselves (and
     * their initialisers) are reused, so call it before the network is initialised.
     *
     * @param network the network
     * @return the normalised network
     */
    public static SequentialBlock wrapLayers(SequentialBlock network) {
        SequentialBlock wrapped = new SequentialBlock();
        for (Block child : network.getChildren().values()) {
            if (child instanceof Linear || child instanceof Conv2d) {
                wrapped.add(new SpectralNorm(child));
            } else if (child instanceof SequentialBlock nested) {
                wrapped.add(wrapLayers(nested));
            } else {
                wrapped.add(child);
            }
        }
        return wrapped;
    }

    /**
     * Returns the wrapped layer.
     *
     * @return the layer whose weight is normalised
     */
    public Block layer() {
        return layer;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape output = layer.getOutputShapes(inputShapes)[0];
        long rows = layer instanceof Linear ? output.get(output.dimension() - 1) : output.get(1);
        leftVector.setShape(new Shape(rows));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        layer.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray kernel = parameterStore.getValue(weight, device, training);
        NDArray offset = bias == null ? null : parameterStore.getValue(bias, device, training);
        // Results belong to the first operand's manager: the reshaped weight is moved into the
        // input's (the step's), so that nothing computed here stays with the model's parameters.
        NDArray matrix = kernel.reshape(leftVector.getArray().getShape().get(0), -1);
        matrix.attach(input.getManager());
        NDArray normalised =
                matrix.div(sigma(matrix, parameterStore, device, training))
                        .reshape(kernel.getShape());
        NDArray output =
                layer instanceof Conv2d conv
                        ? Conv2d.conv2d(
                                        input,
                                        normalised,
                                        offset,
                                        conv.getStride(),
                                        conv.getPadding(),
                                        conv.getDilation(),
                                        conv.getGroups())
                                .singletonOrThrow()
                        : Linear.linear(input, normalised, offset).singletonOrThrow();
        return new NDList(output);
    }

    /**
     * Estimates the largest singular value of the weight, updating u in training.
     *
     * @param matrix the weight as a matrix of one row per output, in the step's manager
     * @return sigma, a scalar that carries the gradient with respect to the weight
     */
    private NDArray sigma(
            NDArray matrix, ParameterStore parameterStore, Device device, boolean training) {
        NDArray u = parameterStore.getValue(leftVector, device, training);
        NDArray current = u.duplicate();
        current.attach(matrix.getManager());
        NDArray constant = matrix.stopGradient();
        NDArray v = normalize(times(constant.transpose(), current));
        if (!training) {
            return times(matrix, v).mul(current).sum();
        }
        NDArray next = normalize(times(constant, v));
        // Copied into the parameter's own array in place, so that it holds the new estimate;
        // sigma uses the copy, which no later step changes under the recorded graph.
        u.muli(0).addi(next);
        return next.mul(times(matrix, v)).sum();
    }

    /** Matrix times vector, as a matrix product (DJL's PyTorch {@code dot} takes vectors only). */
    private static NDArray times(NDArray matrix, NDArray vector) {
        return matrix.matMul(vector.reshape(-1, 1)).reshape(-1);
    }

    private static NDArray normalize(NDArray vector) {
        return vector.div(vector.square().sum().sqrt().add(EPSILON));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return layer.getOutputShapes(inputShapes);
    }
}
