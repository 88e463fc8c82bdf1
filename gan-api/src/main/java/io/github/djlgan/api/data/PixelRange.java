package io.github.djlgan.api.data;

/**
 * The range a generator's pixel values live in, set by its output activation; real images are fed
 * to the discriminator in the same range, and generated ones are mapped back to bytes from it.
 */
public enum PixelRange {
    /** [-1, 1], the range of a tanh output (DCGAN). */
    SYMMETRIC(-1f, 1f),
    /** [0, 1], the range of a sigmoid output (the paper's MNIST networks). */
    UNIT(0f, 1f);

    private final float low;
    private final float high;

    PixelRange(float low, float high) {
        this.low = low;
        this.high = high;
    }

    /**
     * Returns the value black maps to.
     *
     * @return the lower end
     */
    public float low() {
        return low;
    }

    /**
     * Returns the value white maps to.
     *
     * @return the upper end
     */
    public float high() {
        return high;
    }

    /**
     * Maps a byte to the range: 0 to {@link #low()}, 255 to {@link #high()}.
     *
     * @param value a pixel byte, 0 to 255
     * @return the value in the range
     */
    public float fromByte(int value) {
        return low + value * (high - low) / 255f;
    }

    /**
     * Maps a value in the range to the nearest byte, clamping values outside it (and NaN to 0).
     *
     * @param value the value
     * @return the byte, 0 to 255, as an int
     */
    public int toByte(float value) {
        float clamped = Math.max(low, Math.min(high, Float.isNaN(value) ? low : value));
        return Math.round((clamped - low) * 255f / (high - low));
    }
}
