package io.github.djlgan.djl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Multilayer perceptrons for low-dimensional data: the generator maps z to a point, the
 * discriminator maps a point to one logit. Both are plain DJL {@link SequentialBlock}s, so DJL can
 * save, load and serve them.
 *
 * <p>Weights start uniform on {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]} (PyTorch's default for
 * linear layers) rather than DJL's He-normal default, and D uses LeakyReLU(0.2): measured on ring8,
 * both keep the early discriminator from saturating and the generator from collapsing onto a few
 * modes (README, "Choosing the defaults").
 */
public final class MlpNetworks {

    /** The negative slope of the discriminator's LeakyReLU. */
    public static final float LEAKY_SLOPE = 0.2f;

    private MlpNetworks() {}

    /**
     * Builds {@code z -> [Linear(width) -> ReLU] x layers -> Linear(outputSize)}, a linear output
     * as the data are unbounded.
     *
     * @param width the units of each hidden layer
     * @param layers the number of hidden layers
     * @param outputSize the dimension of a generated sample
     * @return the generator
     */
    public static SequentialBlock generator(int width, int layers, int outputSize) {
        return perceptron(widths(width, layers), Activation::reluBlock, outputSize);
    }

    /**
     * Builds {@code x -> [Linear(width) -> LeakyReLU(0.2)] x layers -> Linear(1)}, one logit per
     * sample.
     *
     * @param width the units of each hidden layer
     * @param layers the number of hidden layers
     * @return the discriminator
     */
    public static SequentialBlock discriminator(int width, int layers) {
        return perceptron(
                widths(width, layers), () -> Activation.leakyReluBlock(LEAKY_SLOPE), 1);
    }

    /**
     * Builds {@code x -> [Linear(w_i) -> activation] for each w_i -> Linear(outputSize)}, weights
     * initialised as in the class comment. The reference models of the benchmarks use it with their
     * own widths and activations.
     *
     * @param widths the units of each hidden layer, in order
     * @param activation makes the activation after each hidden layer
     * @param outputSize the units of the linear output layer
     * @return the network
     */
    public static SequentialBlock perceptron(
            int[] widths, Supplier<Block> activation, int outputSize) {
        SequentialBlock block = new SequentialBlock();
        for (int width : widths) {
            block.add(Linear.builder().setUnits(width).build()).add(activation.get());
        }
        return initialized(block.add(Linear.builder().setUnits(outputSize).build()));
    }

    private static int[] widths(int width, int layers) {
        int[] widths = new int[layers];
        Arrays.fill(widths, width);
        return widths;
    }

    /**
     * Sets the weights' initialiser of every layer of a block to uniform on {@code +-1/sqrt(fan_in)}.
     *
     * @param block the block
     * @return the block
     */
    static SequentialBlock initialized(SequentialBlock block) {
        block.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f),
                Parameter.Type.WEIGHT);
        return block;
    }
}
