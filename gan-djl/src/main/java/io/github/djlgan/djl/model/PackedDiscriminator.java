package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PacGAN's packed discriminator (Lin et al. 2018): D judges m samples at once, all real or all
 * generated, which penalises a generator whose samples lack variety. A batch of B samples of shape
 * {@code (s1, s2, ...)} becomes B/m packs of shape {@code (m * s1, s2, ...)}: m points of an MLP's
 * input are concatenated into one vector, m images are stacked along the channel axis. The inner
 * discriminator is an ordinary one that infers its input size from the packed shape, and gives one
 * logit per pack, {@code (B / m, 1)}. Losses are means over logits, so the trainer needs no change.
 *
 * @see <a href="https://arxiv.org/abs/1712.04086">Lin et al. 2018, PacGAN</a>
 */
public final class PackedDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block discriminator;
    private final int pack;

    /**
     * Wraps a discriminator.
     *
     * @param discriminator D for packed inputs, not yet initialised
     * @param pack m, the samples per pack, at least 1
     */
    public PackedDiscriminator(Block discriminator, int pack) {
        super(VERSION);
        if (pack < 1) {
            throw new IllegalArgumentException("pack must be at least 1, got " + pack);
        }
        this.discriminator = addChildBlock("discriminator", discriminator);
        this.pack = pack;
    }

    /**
     * Returns m, how many samples form one pack.
     *
     * @return the pack size
     */
    public int pack() {
        return pack;
    }

    /**
     * Returns the shape D sees for a batch: B/m packs of m samples.
     *
     * @param samples {@code (B, s1, s2, ...)}; a batch of one, as used to initialise, stands for
     *     one pack
     * @return {@code (B / m, m * s1, s2, ...)}
     * @throws IllegalArgumentException if B is not a multiple of m
     */
    public Shape packedShape(Shape samples) {
        long batch = samples.get(0);
        if (batch != 1 && batch % pack != 0) {
            throw new IllegalArgumentException(
                    "a batch of " + batch + " samples cannot be packed in groups of " + pack);
        }
        Shape packed = new Shape(Math.max(batch / pack, 1), pack * samples.get(1));
        return packed.addAll(samples.slice(2));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        discriminator.initialize(manager, dataType, packedShape(inputShapes[0]));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray samples = inputs.singletonOrThrow();
        if (samples.getShape().get(0) % pack != 0) {
            throw new IllegalArgumentException(
                    "a batch of " + samples.getShape().get(0)
                            + " samples cannot be packed in groups of " + pack);
        }
        NDArray packed = samples.reshape(packedShape(samples.getShape()));
        return discriminator.forward(parameterStore, new NDList(packed), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return discriminator.getOutputShapes(new Shape[] {packedShape(inputShapes[0])});
    }
}
