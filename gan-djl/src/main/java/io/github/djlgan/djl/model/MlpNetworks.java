package io.github.djlgan.djl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
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
 *
 * <p>PacGAN's grid networks (Lin et al. 2018, appendix) add two options: batch normalisation of the
 * generator's hidden layers ({@code Linear -> BatchNorm -> ReLU}, Ioffe and Szegedy 2015) and
 * maxout units in the discriminator ({@link Maxout}, Goodfellow et al. 2013).
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
        return generator(width, layers, outputSize, false);
    }

    /**
     * Builds {@code z -> [Linear(width) -> BatchNorm -> ReLU] x layers -> Linear(outputSize)}, or
     * without the batch normalisation; a linear output as the data are unbounded. BatchNorm uses
     * the minibatch's statistics in training and its running averages (momentum 0.9) in
     * inference.
     *
     * @param width the units of each hidden layer
     * @param layers the number of hidden layers
     * @param outputSize the dimension of a generated sample
     * @param batchNorm whether each hidden layer is batch-normalised before its ReLU
     * @return the generator
     */
    public static SequentialBlock generator(
            int width, int layers, int outputSize, boolean batchNorm) {
        if (!batchNorm) {
            return perceptron(widths(width, layers), Activation::reluBlock, outputSize);
        }
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(Linear.builder().setUnits(width).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        return initialized(block.add(Linear.builder().setUnits(outputSize).build()));
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
        return discriminator(width, layers, 0);
    }

    /**
     * Builds {@code x -> [Maxout(width, pieces)] x layers -> Linear(1)}, or, for 0 pieces, {@code
     * x -> [Linear(width) -> LeakyReLU(0.2)] x layers -> Linear(1)}; one logit per sample.
     *
     * @param width the units of each hidden layer
     * @param layers the number of hidden layers
     * @param maxoutPieces the affine pieces of each maxout unit, at least 2, or 0 for LeakyReLU
     *     units
     * @return the discriminator
     * @throws IllegalArgumentException for 1 or a negative number of pieces
     */
    public static SequentialBlock discriminator(int width, int layers, int maxoutPieces) {
        if (maxoutPieces == 0) {
            return perceptron(
                    widths(width, layers), () -> Activation.leakyReluBlock(LEAKY_SLOPE), 1);
        }
        if (maxoutPieces < 2) {
            throw new IllegalArgumentException(
                    "a maxout unit needs at least 2 pieces, got " + maxoutPieces);
        }
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(new Maxout(width, maxoutPieces));
        }
        return initialized(block.add(Linear.builder().setUnits(1).build()));
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
