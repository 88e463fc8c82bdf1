package io.github.djlgan.djl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * Multilayer perceptrons for low-dimensional data: the generator maps z to a point, the
 * discriminator maps a point to one logit. Both are plain DJL {@link SequentialBlock}s, so DJL can
 * save, load and serve them.
 */
public final class MlpNetworks {

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
        return hidden(width, layers).add(Linear.builder().setUnits(outputSize).build());
    }

    /**
     * Builds {@code x -> [Linear(width) -> ReLU] x layers -> Linear(1)}, one logit per sample.
     *
     * @param width the units of each hidden layer
     * @param layers the number of hidden layers
     * @return the discriminator
     */
    public static SequentialBlock discriminator(int width, int layers) {
        return hidden(width, layers).add(Linear.builder().setUnits(1).build());
    }

    private static SequentialBlock hidden(int width, int layers) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        }
        return block;
    }
}
