package io.github.djlgan.djl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;

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
        return initialized(
                hidden(width, layers, Activation::reluBlock)
                        .add(Linear.builder().setUnits(outputSize).build()));
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
        return initialized(
                hidden(width, layers, () -> Activation.leakyReluBlock(LEAKY_SLOPE))
                        .add(Linear.builder().setUnits(1).build()));
    }

    private static SequentialBlock hidden(int width, int layers, Supplier<Block> activation) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(Linear.builder().setUnits(width).build()).add(activation.get());
        }
        return block;
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
