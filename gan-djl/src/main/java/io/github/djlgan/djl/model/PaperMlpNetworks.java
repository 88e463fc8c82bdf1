package io.github.djlgan.djl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The networks of the paper's MNIST experiments (Goodfellow et al. 2014, section 5, and the
 * authors' pylearn2 configuration): G is {@code z -> 1200 ReLU -> 1200 ReLU -> pixels, sigmoid};
 * D is {@code dropout(keep 0.8) -> maxout(240 x 5) -> dropout(keep 0.5) -> maxout(240 x 5) ->
 * dropout(keep 0.5) -> Linear(1)}, one logit per image. Pixels are in [0, 1]; z is uniform in the
 * paper.
 *
 * <p>Dropout acts only while training (DJL's training flag, which both engines honour); sampling
 * and evaluation see the whole network.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014</a>
 */
public final class PaperMlpNetworks {

    /** The maxout pieces per unit. */
    public static final int PIECES = 5;

    /** The share of inputs dropped on D's input (keep 0.8). */
    public static final float INPUT_DROPOUT = 0.2f;

    /** The share of units dropped on D's hidden layers (keep 0.5). */
    public static final float HIDDEN_DROPOUT = 0.5f;

    private PaperMlpNetworks() {}

    /**
     * Builds the generator.
     *
     * @param width the units of each of the two ReLU layers (1200 in the paper)
     * @param imageShape {@code (channels, size, size)}
     * @return G, mapping {@code (batch, latentDim)} to {@code (batch, channels, size, size)} in [0,
     *     1]
     */
    public static SequentialBlock generator(int width, Shape imageShape) {
        SequentialBlock block =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(width).build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(width).build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(imageShape.size()).build())
                        .add(Activation.sigmoidBlock())
                        .add(toImage(imageShape));
        return MlpNetworks.initialized(block);
    }

    /**
     * Builds the discriminator.
     *
     * @param units the maxout units of each of the two hidden layers (240 in the paper)
     * @return D, mapping {@code (batch, channels, size, size)} to {@code (batch, 1)} logits
     */
    public static SequentialBlock discriminator(int units) {
        SequentialBlock block =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Dropout.builder().optRate(INPUT_DROPOUT).build())
                        .add(new Maxout(units, PIECES))
                        .add(Dropout.builder().optRate(HIDDEN_DROPOUT).build())
                        .add(new Maxout(units, PIECES))
                        .add(Dropout.builder().optRate(HIDDEN_DROPOUT).build())
                        .add(Linear.builder().setUnits(1).build());
        return MlpNetworks.initialized(block);
    }

    /** Reshapes {@code (batch, pixels)} to {@code (batch, channels, size, size)}. */
    private static Block toImage(Shape imageShape) {
        Shape batchOfImages = new Shape(-1).addAll(imageShape);
        return new LambdaBlock(
                list -> new NDList(list.singletonOrThrow().reshape(batchOfImages)), "toImage");
    }
}
