package io.github.djlgan.djl.augment;

import java.util.SplittableRandom;

/**
 * The random parameters of DiffAugment, drawn on the host from a seeded stream so that every
 * engine sees the same numbers. Every sample takes the same draws in the same order whichever
 * augmentations are enabled (five gates, then brightness, saturation, contrast, the two shifts and
 * the cutout's centre), so enabling one augmentation does not change another's draws, and a
 * resumed run re-derives the stream by drawing as many samples again ({@link #skip}).
 *
 * <p>Uniform numbers are multiples of 2^-24 in [0, 1), exact in float32, so a gate {@code u < p}
 * is never open at p = 0 and always open at p = 1.
 *
 * <p>The ranges are DiffAugment's reference code's ({@code DiffAugment_pytorch.py}): translation
 * by an integer in [-s, s] with s = round(side / 8) on each axis; a cutout square of side
 * round(side / 2) centred at an integer in [0, side + (1 - size mod 2)) on each axis, clipped to the image.
 *
 * @see <a href="https://arxiv.org/abs/2006.10738">Zhao et al. 2020, DiffAugment, section 3</a>
 */
final class AugmentDraws {

    /** The gate of each elementary augmentation, in the order they are applied. */
    enum Gate {
        BRIGHTNESS,
        SATURATION,
        CONTRAST,
        TRANSLATION,
        CUTOUT
    }

    private static final int UNIFORM_BITS = 24;
    private static final float UNIFORM_STEP = 1f / (1 << UNIFORM_BITS);

    private final int height;
    private final int width;
    private final int shiftRows;
    private final int shiftColumns;
    private final int cutoutRows;
    private final int cutoutColumns;
    private final SplittableRandom random;

    /**
     * The parameters of one minibatch, one entry per sample.
     *
     * @param gates per gate ({@link Gate#ordinal()}), uniform numbers in [0, 1): the augmentation
     *     applies to a sample where its number is below p
     * @param brightness uniform in [0, 1): the shift is {@code u - 0.5} in a [-1, 1] range
     * @param saturation uniform in [0, 1): the factor is {@code 2u}
     * @param contrast uniform in [0, 1): the factor is {@code u + 0.5}
     * @param rowShift the translation's shift along the height, in [-s, s]
     * @param columnShift the translation's shift along the width, in [-s, s]
     * @param cutoutTop the cutout's first row, possibly negative (the square is clipped)
     * @param cutoutLeft the cutout's first column, possibly negative
     */
    record Batch(
            float[][] gates,
            float[] brightness,
            float[] saturation,
            float[] contrast,
            int[] rowShift,
            int[] columnShift,
            int[] cutoutTop,
            int[] cutoutLeft) {

        int size() {
            return brightness.length;
        }

        float[] gate(Gate gate) {
            return gates[gate.ordinal()];
        }
    }

    /**
     * Creates a stream for images of a given size.
     *
     * @param height the images' height, positive
     * @param width the images' width, positive
     * @param seed the seed of the stream
     */
    AugmentDraws(int height, int width, long seed) {
        this.height = height;
        this.width = width;
        this.shiftRows = (int) (height * 0.125 + 0.5);
        this.shiftColumns = (int) (width * 0.125 + 0.5);
        this.cutoutRows = (int) (height * 0.5 + 0.5);
        this.cutoutColumns = (int) (width * 0.5 + 0.5);
        this.random = new SplittableRandom(seed);
    }

    /**
     * Returns the side of the cutout square along the height.
     *
     * @return round(height / 2)
     */
    int cutoutRows() {
        return cutoutRows;
    }

    /**
     * Returns the side of the cutout square along the width.
     *
     * @return round(width / 2)
     */
    int cutoutColumns() {
        return cutoutColumns;
    }

    /**
     * Draws the parameters of a minibatch.
     *
     * @param size how many samples
     * @return the parameters
     */
    Batch next(int size) {
        float[][] gates = new float[Gate.values().length][size];
        Batch batch =
                new Batch(
                        gates,
                        new float[size],
                        new float[size],
                        new float[size],
                        new int[size],
                        new int[size],
                        new int[size],
                        new int[size]);
        for (int i = 0; i < size; i++) {
            for (float[] gate : gates) {
                gate[i] = uniform();
            }
            batch.brightness[i] = uniform();
            batch.saturation[i] = uniform();
            batch.contrast[i] = uniform();
            batch.rowShift[i] = random.nextInt(2 * shiftRows + 1) - shiftRows;
            batch.columnShift[i] = random.nextInt(2 * shiftColumns + 1) - shiftColumns;
            batch.cutoutTop[i] =
                    random.nextInt(height + 1 - cutoutRows % 2) - cutoutRows / 2;
            batch.cutoutLeft[i] =
                    random.nextInt(width + 1 - cutoutColumns % 2) - cutoutColumns / 2;
        }
        return batch;
    }

    /**
     * Draws and discards the parameters of {@code samples} samples.
     *
     * @param samples how many samples to skip
     */
    void skip(long samples) {
        for (long i = 0; i < samples; i++) {
            next(1);
        }
    }

    private float uniform() {
        return random.nextInt(1 << UNIFORM_BITS) * UNIFORM_STEP;
    }
}
