package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import io.github.djlgan.djl.model.PackedDiscriminator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * {@code ||g||^2} exactly for a perceptron discriminator, with first-order gradients only, so on
 * every engine (MXNet 1.9 cannot differentiate LeakyReLU's backward pass, {@link InputGradients}).
 * For {@code D(x) = w_L . f(W_{L-1} ... f(W_1 x + c_1) ... + c_{L-1}) + b} with a piecewise-linear
 * activation {@code f(h) = h} for {@code h > 0} and {@code s h} otherwise ({@code 0 <= s < 1}:
 * ReLU, LeakyReLU), the input gradient is a product of D's weight matrices and its units' slopes
 * {@code S_i(x) = diag(f'(h_i(x)))}:
 *
 * <pre>
 *   g(x) = W_1^T S_1(x) W_2^T S_2(x) ... W_{L-1}^T S_{L-1}(x) w_L^T
 * </pre>
 *
 * computed here row by row as matrix products ({@code (rows, units)} times {@code (units,
 * inputs)}), so the engine's ordinary backward pass differentiates it with respect to the weights.
 * The slopes are constant almost everywhere, so their derivative is zero, as in double
 * backpropagation; the result is the same as {@link ExactGradientNorms}'s up to float32 rounding
 * (tested against it and against a hand computation). It costs one more pass through D's layers
 * and {@code L - 1} matrix products, against a second backward pass.
 *
 * <p>Serves a {@link SequentialBlock} of {@link Linear} layers separated by parameter-free
 * activations, ending in one output unit, optionally packed ({@link PackedDiscriminator}, whose
 * reshape is a re-indexing of the input and so of g): the MLP discriminator of the 2D data,
 * packed or not. {@link #of} recognises it, and checks each activation on probe values.
 */
final class PerceptronGradientNorms implements GradientNorms {

    /** Probe pre-activations, spread over both sides of 0. */
    private static final float[] PROBE = {-3f, -1.5f, -0.25f, -0.01f, 0.01f, 0.3f, 1f, 2.5f};

    /** Relative tolerance of the activation check, float32 rounding of one product. */
    private static final float TOLERANCE = 1e-6f;

    private final int pack;
    private final List<Block> layers;
    private final float[] slopes;

    private PerceptronGradientNorms(int pack, List<Block> layers, float[] slopes) {
        this.pack = pack;
        this.layers = layers;
        this.slopes = slopes;
    }

    /**
     * Recognises a perceptron discriminator: {@code Linear -> f -> ... -> Linear(1)}, optionally
     * packed, every {@code f} without parameters and equal to {@code h} above 0 and {@code s h}
     * below on probe values (the slope s found from {@code f(-1.5)}, in {@code [0, 1)}).
     *
     * @param block D, initialised
     * @param manager a manager for the probe's arrays, on D's device
     * @return the closed form, or empty when D is not such a perceptron
     */
    static Optional<GradientNorms> of(Block block, NDManager manager) {
        int pack = 1;
        Block inner = block;
        if (block instanceof PackedDiscriminator packed) {
            pack = packed.pack();
            inner = packed.getChildren().values().get(0);
        }
        if (!(inner instanceof SequentialBlock sequence)) {
            return Optional.empty();
        }
        List<Block> layers = new ArrayList<>(sequence.getChildren().values());
        if (layers.size() % 2 == 0) {
            return Optional.empty();
        }
        float[] slopes = new float[layers.size() / 2];
        try (NDManager scratch = manager.newSubManager()) {
            for (int i = 0; i < layers.size(); i++) {
                Block layer = layers.get(i);
                if (i % 2 == 0) {
                    if (layer.getClass() != Linear.class) {
                        return Optional.empty();
                    }
                } else {
                    if (!layer.getParameters().isEmpty()) {
                        return Optional.empty();
                    }
                    OptionalDouble slope = slopeOf(layer, scratch);
                    if (slope.isEmpty()) {
                        return Optional.empty();
                    }
                    slopes[i / 2] = (float) slope.getAsDouble();
                }
            }
            NDArray output = layers.get(layers.size() - 1).getParameters().get("weight").getArray();
            if (output.getShape().get(0) != 1) {
                return Optional.empty();
            }
        }
        return Optional.of(new PerceptronGradientNorms(pack, List.copyOf(layers), slopes));
    }

    /** An activation's slope below 0, or empty when it is not of the form above. */
    private static OptionalDouble slopeOf(Block activation, NDManager manager) {
        NDArray h = manager.create(PROBE);
        float[] f;
        try {
            f =
                    activation
                            .forward(new ParameterStore(manager, false), new NDList(h), false)
                            .singletonOrThrow()
                            .toFloatArray();
        } catch (RuntimeException e) {
            return OptionalDouble.empty();
        }
        if (f.length != PROBE.length) {
            return OptionalDouble.empty();
        }
        float slope = f[1] / PROBE[1];
        if (!(slope >= 0 && slope < 1)) {
            return OptionalDouble.empty();
        }
        for (int i = 0; i < PROBE.length; i++) {
            float expected = PROBE[i] > 0 ? PROBE[i] : slope * PROBE[i];
            if (Math.abs(f[i] - expected) > TOLERANCE * Math.abs(PROBE[i])) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(slope);
    }

    /**
     * {@inheritDoc}
     *
     * <p>D's layers are run one by one here, for their pre-activations, so {@code discriminator}
     * is not called; nothing is random, so {@code update} is not used.
     */
    @Override
    public NDArray squaredNorms(
            Function<NDList, NDArray> discriminator, NDList input, long update) {
        NDArray x = input.head().stopGradient();
        ParameterStore store = new ParameterStore(x.getManager(), false);
        long rows = x.getShape().get(0) / pack;
        NDArray activations = x.reshape(rows, -1);
        List<NDArray> slopeMasks = new ArrayList<>();
        List<NDArray> weights = new ArrayList<>();
        for (int layer = 0; layer < slopes.length; layer++) {
            Block linear = layers.get(2 * layer);
            weights.add(weightOf(linear, store, x));
            NDArray preActivation =
                    linear.forward(store, new NDList(activations), true).singletonOrThrow();
            NDArray positive = preActivation.stopGradient().gt(0).toType(DataType.FLOAT32, false);
            slopeMasks.add(positive.mul(1 - slopes[layer]).add(slopes[layer]));
            if (layer + 1 < slopes.length) { // the last hidden layer's output is not needed
                activations =
                        layers.get(2 * layer + 1)
                                .forward(store, new NDList(preActivation), true)
                                .singletonOrThrow();
            }
        }
        // Backwards from the output unit: w_L (1, units) times each row's slopes, then through
        // each hidden layer's weight (units, inputs), down to the packed input. Every product
        // starts from an array of the step, since a result joins its first operand's manager and
        // the weights' is the model's, which would keep it to the end of the run.
        NDArray output = weightOf(layers.get(layers.size() - 1), store, x);
        NDArray delta = null;
        for (int i = slopeMasks.size() - 1; i >= 0; i--) {
            NDArray scaled =
                    delta == null ? slopeMasks.get(i).mul(output) : delta.mul(slopeMasks.get(i));
            delta = scaled.matMul(weights.get(i));
        }
        if (delta == null) { // a linear D: g = w_L for every row
            delta = x.getManager().ones(new Shape(rows, 1)).mul(output);
        }
        return delta.square().sum(new int[] {1});
    }

    /** A linear layer's weight as the step's forward pass sees it. */
    private static NDArray weightOf(Block linear, ParameterStore store, NDArray input) {
        return store.getValue(linear.getParameters().get("weight"), input.getDevice(), true);
    }
}
