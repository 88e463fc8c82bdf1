package io.github.djlgan.djl.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transposed convolution with a 4x4 kernel, stride 2 and padding 1, the upsampling layer of
 * DCGAN, which doubles the side of a feature map: {@code (B, C_in, H, W) -> (B, filters, 2H, 2W)}.
 *
 * <p>DJL's {@code Conv2dTranspose} has no implementation on the PyTorch engine, so this block
 * computes the same function with an ordinary convolution, which every engine has. Each output
 * pixel {@code (2m + a, 2n + b)} of a stride-2 transposed convolution sees only a 2x2 window of
 * the input, through four of the sixteen kernel taps, one set per phase {@code (a, b)}:
 *
 * <pre>
 * out[f, 2m + a, 2n + b] = bias[f] + sum_{c; i, j in {0,1}} x[c, m - 1 + a + i, n - 1 + b + j] * W[(2a + b) F + f, c, i, j]
 * </pre>
 *
 * where {@code W[(2a + b) F + f, c, i, j]} is the textbook kernel's tap {@code K[c, f, 3 - a - 2i,
 * 3 - b - 2j]}. So the layer runs one 2x2 convolution with {@code 4F} filters and padding 1, takes
 * each phase's {@code F} channels at its offset {@code (a, b)}, and interleaves them; it costs what
 * the transposed convolution costs, not a convolution over a zero-stuffed input.
 *
 * @see <a href="https://arxiv.org/abs/1609.07009">Shi et al. 2016, "Is the deconvolution layer the
 *     same as a convolutional layer?"</a>
 */
public final class UpConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the layer.
     *
     * @param filters the output channels
     */
    public UpConv2d(int filters) {
        super(VERSION);
        this.filters = filters;
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
        weight.setShape(new Shape(4L * filters, inputShapes[0].get(1), 2, 2));
        bias.setShape(new Shape(filters));
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
        NDArray offset = parameterStore.getValue(bias, device, training);
        Shape shape = input.getShape();
        long batch = shape.get(0);
        long height = shape.get(2);
        long width = shape.get(3);
        // (B, 4F, H + 1, W + 1): every phase's outputs, each at its own offset
        NDArray convolved =
                Conv2d.conv2d(
                                input,
                                kernel,
                                null,
                                new Shape(1, 1),
                                new Shape(1, 1),
                                new Shape(1, 1))
                        .singletonOrThrow();
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray[] phases = new NDArray[2];
            for (int b = 0; b < 2; b++) {
                long first = (2L * a + b) * filters;
                phases[b] =
                        convolved.get(
                                ":, {}:{}, {}:{}, {}:{}",
                                first,
                                first + filters,
                                a,
                                a + height,
                                b,
                                b + width);
            }
            // columns 2n + b
            rows[a] = NDArrays.stack(new NDList(phases), 4).reshape(batch, filters, height, 2 * width);
        }
        // rows 2m + a
        NDArray output =
                NDArrays.stack(new NDList(rows), 3).reshape(batch, filters, 2 * height, 2 * width);
        return new NDList(output.add(offset.reshape(1, filters, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape input = inputs[0];
        return new Shape[] {new Shape(input.get(0), filters, 2 * input.get(2), 2 * input.get(3))};
    }
}
