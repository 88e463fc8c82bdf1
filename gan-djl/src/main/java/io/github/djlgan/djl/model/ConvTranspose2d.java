package io.github.djlgan.djl.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.github.djlgan.djl.engine.EngineQuirks;

/**
 * A transposed convolution (PyTorch's {@code ConvTranspose2d}, DJL's {@code Conv2dTranspose})
 * with a 4x4 kernel, stride 2 and padding 1, the upsampling layer of DCGAN, which doubles the side
 * of a feature map: {@code (B, C_in, H, W) -> (B, filters, 2H, 2W)}.
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
 * 3 - b - 2j]}. So the layer runs one 2x2 convolution with {@code 4F} filters and padding 1, whose
 * {@code (H + 1) x (W + 1)} outputs hold every phase's pixels at offset {@code (a, b)}, and
 * interleaves the four phases' {@code F} channels: {@code 16 C F (H + 1)(W + 1)} multiplications,
 * near the textbook layer's {@code 16 C F H W}. Where an engine's convolution is wrong for some
 * output channel counts, the convolution's output channels are rounded up to a multiple given at
 * construction ({@link EngineQuirks#CONVOLUTION_OUTPUT_CHANNELS}, decided by {@link
 * EngineQuirks#convolutionChannelMultiple} for the engine the networks are created on); the layer
 * never asks which engine it runs on.
 *
 * <p>Parameters: {@code weight} of shape {@code (4F, C_in, 2, 2)} as above and, if wanted, {@code
 * bias} of shape {@code (F)}.
 *
 * @see <a href="https://arxiv.org/abs/1609.07009">Shi et al. 2016, "Is the deconvolution layer the
 *     same as a convolutional layer?"</a>
 */
public final class ConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int channelMultiple;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the layer with a bias.
     *
     * @param filters the output channels F, positive
     * @param channelMultiple the multiple the inner convolution's 4F output channels are rounded
     *     up to: {@link EngineQuirks#convolutionChannelMultiple} of the engine the network is
     *     created on, 1 for none
     */
    public ConvTranspose2d(int filters, int channelMultiple) {
        this(filters, true, channelMultiple);
    }

    /**
     * Creates the layer.
     *
     * @param filters the output channels F, positive
     * @param withBias whether to add a learned bias per channel (pointless before batch norm,
     *     which removes it)
     * @param channelMultiple the multiple the inner convolution's 4F output channels are rounded
     *     up to: {@link EngineQuirks#convolutionChannelMultiple} of the engine the network is
     *     created on, 1 for none
     * @throws IllegalArgumentException if filters or channelMultiple is not positive
     */
    public ConvTranspose2d(int filters, boolean withBias, int channelMultiple) {
        super(VERSION);
        if (filters < 1 || channelMultiple < 1) {
            throw new IllegalArgumentException(
                    "filters and channelMultiple must be positive, got " + filters + " and "
                            + channelMultiple);
        }
        this.filters = filters;
        this.channelMultiple = channelMultiple;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.bias =
                withBias
                        ? addParameter(
                                Parameter.builder()
                                        .setName("bias")
                                        .setType(Parameter.Type.BIAS)
                                        .build())
                        : null;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(4L * filters, inputShapes[0].get(1), 2, 2));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
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
        Shape shape = input.getShape();
        long batch = shape.get(0);
        long height = shape.get(2);
        long width = shape.get(3);
        // An engine attaches an operation's result to the manager of the array it was called on:
        // a slice of the kernel would stay in the model's manager, one per forward pass, and the
        // model's memory would grow step after step. Such results are moved to the input's
        // manager (a training step's), and everything made from them follows.
        NDManager scratch = input.getManager();
        long used = 4L * filters;
        long padded = (used + channelMultiple - 1) / channelMultiple * channelMultiple;
        if (padded > used) {
            // Repeat the filters; their extra outputs are never read, so they get no gradient.
            NDList copies = new NDList();
            for (long have = 0; have < padded; have += used) {
                copies.add(kernel);
            }
            kernel = scoped(NDArrays.concat(copies), scratch).get("0:{}", padded);
        }
        // Output (y, x) of the 2x2 convolution with padding 1 sees input rows y - 1, y and
        // columns x - 1, x: phase (a, b)'s pixel (m, n) is its output (m + a, n + b).
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
            rows[a] =
                    NDArrays.stack(new NDList(phases), 4)
                            .reshape(batch, filters, height, 2 * width);
        }
        // rows 2m + a
        NDArray output =
                NDArrays.stack(new NDList(rows), 3).reshape(batch, filters, 2 * height, 2 * width);
        if (bias == null) {
            return new NDList(output);
        }
        NDArray offset = parameterStore.getValue(bias, device, training);
        return new NDList(output.add(scoped(offset.reshape(1, filters, 1, 1), scratch)));
    }

    private static NDArray scoped(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape input = inputs[0];
        return new Shape[] {new Shape(input.get(0), filters, 2 * input.get(2), 2 * input.get(3))};
    }
}
