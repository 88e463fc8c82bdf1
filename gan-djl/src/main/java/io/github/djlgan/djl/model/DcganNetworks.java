package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.NormalInitializer;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.PenaltyConfig;

/**
 * DCGAN (Radford, Metz and Chintala 2015) for square images of side 28, 32 or 64 with 1 or 3
 * channels, as DJL {@link SequentialBlock}s. Weights start from N(0, 0.02), as in the paper.
 *
 * <p>28x28 (MNIST-sized): G is {@code z -> Linear(2f*7*7) -> BN -> ReLU -> reshape (2f, 7, 7) ->
 * ConvT(f, 4, 2, 1) -> BN -> ReLU -> ConvT(C, 4, 2, 1) -> tanh}; D is {@code Conv(f, 4, 2, 1) ->
 * LeakyReLU -> Conv(2f, 4, 2, 1) -> BN -> LeakyReLU -> Flatten -> Linear(1)}.
 *
 * <p>32x32 and 64x64: G projects z to a 4x4 map (the paper's {@code ConvT(4, 1, 0)} on a 1x1
 * input, which is a linear layer followed by a reshape), then doubles the side with {@code ConvT(4,
 * 2, 1)} -> BN -> ReLU, halving the feature maps, up to the image; D mirrors it with strided
 * convolutions, BN and LeakyReLU down to 4x4, then one 4x4 convolution to a logit (written as the
 * equal linear layer over the flattened map). The first D layer has no batch norm, as in the
 * paper.
 *
 * <p>D normalises its hidden feature maps by batch normalization (the paper's) or, where a
 * gradient penalty is trained, by layer normalization over each sample's (C, H, W) with an
 * elementwise gain and bias (Ba et al. 2016; Gulrajani et al. 2017, section 4: "we recommend layer
 * normalization as a drop-in replacement"): every penalty is a mean over samples of a function of
 * that sample's own input gradient, which batch norm ties to the rest of the minibatch ({@link
 * Normalization#forPenalty}).
 *
 * <p>The transposed convolutions are {@link ConvTranspose2d}, which every engine can run. Layers followed
 * by batch norm have no bias, as in the paper's code: batch norm subtracts it again, so it could
 * not learn anything.
 *
 * @see <a href="https://arxiv.org/abs/1511.06434">Radford et al. 2015</a>
 */
public final class DcganNetworks {

    /** The standard deviation of the initial weights. */
    public static final float INIT_STD = 0.02f;

    private DcganNetworks() {}

    /** How D normalises its hidden feature maps. */
    public enum Normalization {
        /**
         * Batch normalization (Ioffe and Szegedy 2015), DCGAN's: per channel over the minibatch
         * and the map, so each sample's output depends on the others in its minibatch.
         */
        BATCH_NORM,

        /**
         * Layer normalization (Ba et al. 2016) over each sample's (C, H, W), with a learned gain
         * and bias of shape (C, H, W): DJL's {@link LayerNorm} with its default axes. A sample's
         * output depends on that sample only.
         */
        LAYER_NORM;

        /**
         * Returns D's normalisation for a run: layer norm with any gradient penalty, batch norm
         * without. The penalties (R1, R2, WGAN-GP, DRAGAN) are means over samples of {@code
         * ||grad_x D(x)||}-terms taken per sample; under batch norm the gradient of {@code sum_j
         * D(x_j)} with respect to {@code x_i} also holds the terms through the minibatch's mean
         * and variance, so the penalised quantity is not the per-sample gradient the papers
         * define. WGAN-GP's paper replaces batch norm by layer norm for this reason (section 4);
         * the same holds for the other three, so all get it.
         *
         * @param penalty the run's gradient penalty, or null for none
         * @return the normalisation
         */
        public static Normalization forPenalty(PenaltyConfig penalty) {
            return penalty == null ? BATCH_NORM : LAYER_NORM;
        }
    }

    /**
     * Builds the generator.
     *
     * @param imageSize 28, 32 or 64
     * @param channels 1 or 3
     * @param features the base number of feature maps f (64 in the paper)
     * @param channelMultiple what the transposed convolutions round their inner convolution's
     *     output channels up to: {@link
     *     io.github.djlgan.djl.engine.EngineQuirks#convolutionChannelMultiple} of the engine the
     *     network is created on
     * @return G, mapping {@code (batch, latentDim)} (any latent size) to {@code (batch, channels,
     *     size, size)} in [-1, 1]
     */
    public static SequentialBlock generator(
            int imageSize, int channels, int features, int channelMultiple) {
        check(imageSize, channels);
        SequentialBlock block = new SequentialBlock();
        int side = imageSize == 28 ? 7 : 4;
        int maps = imageSize == 28 ? 2 * features : features * imageSize / 8;
        block.add(Linear.builder().setUnits((long) maps * side * side).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(reshape(maps, side));
        while (side * 2 < imageSize) {
            maps /= 2;
            side *= 2;
            block.add(new ConvTranspose2d(maps, false, channelMultiple))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        block.add(new ConvTranspose2d(channels, channelMultiple)).add(Activation.tanhBlock());
        return initialized(block);
    }

    /**
     * Builds the paper's discriminator, with batch norm.
     *
     * @param imageSize 28, 32 or 64
     * @param channels 1 or 3
     * @param features the base number of feature maps f
     * @return D, mapping {@code (batch, channels, size, size)} to {@code (batch, 1)} logits
     */
    public static SequentialBlock discriminator(int imageSize, int channels, int features) {
        return discriminator(imageSize, channels, features, Normalization.BATCH_NORM);
    }

    /**
     * Builds the discriminator with the given normalisation of its hidden feature maps.
     *
     * @param imageSize 28, 32 or 64
     * @param channels 1 or 3
     * @param features the base number of feature maps f
     * @param normalization batch norm (the paper's) or layer norm (with a gradient penalty)
     * @return D, mapping {@code (batch, channels, size, size)} to {@code (batch, 1)} logits
     * @throws InvalidInputException if the image size or channel count is not supported
     */
    public static SequentialBlock discriminator(
            int imageSize, int channels, int features, Normalization normalization) {
        check(imageSize, channels);
        SequentialBlock block = new SequentialBlock();
        block.add(convolution(features, 2, 1, true)).add(leakyRelu());
        int side = imageSize / 2;
        int maps = features;
        int floor = imageSize == 28 ? 7 : 4;
        while (side > floor) {
            maps *= 2;
            side /= 2;
            block.add(convolution(maps, 2, 1, false))
                    .add(normalization == Normalization.LAYER_NORM
                            ? LayerNorm.builder().build()
                            : BatchNorm.builder().build())
                    .add(leakyRelu());
        }
        // The paper's last layer for 32 and 64 px, a 4x4 convolution with one filter over the 4x4
        // map, is the same function as a linear layer over the flattened map, which avoids a
        // one-channel convolution whose input gradient DJL's PyTorch engine got wrong.
        block.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(1).build());
        return initialized(block);
    }

    private static void check(int imageSize, int channels) {
        if (!ArchitectureKind.DCGAN_IMAGE_SIZES.contains(imageSize)) {
            throw new InvalidInputException(
                    "DCGAN supports images of side "
                            + ArchitectureKind.DCGAN_IMAGE_SIZES
                            + ", not "
                            + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("DCGAN supports 1 or 3 channels, not " + channels);
        }
    }

    private static Block reshape(int maps, int side) {
        return new LambdaBlock(
                inputs -> new NDList(inputs.singletonOrThrow().reshape(-1, maps, side, side)),
                "reshape");
    }

    private static Block convolution(int filters, int stride, int padding, boolean withBias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(4, 4))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .optBias(withBias)
                .build();
    }

    private static Block leakyRelu() {
        return Activation.leakyReluBlock(MlpNetworks.LEAKY_SLOPE);
    }

    private static SequentialBlock initialized(SequentialBlock block) {
        block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        return block;
    }
}
