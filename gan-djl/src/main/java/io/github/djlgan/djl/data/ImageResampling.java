package io.github.djlgan.djl.data;

/**
 * Brings pictures of any size to the square side a network takes, on the host, so that every
 * engine sees the same pixels.
 *
 * <p>A picture is first cut to its centred square of side {@code min(width, height)} (no
 * stretching), then resized separably, rows then columns. Shrinking by a factor {@code s =
 * source / target >= 1} uses area averaging: output pixel {@code i} covers the source interval
 * {@code [i s, (i + 1) s)} and is the mean of the source pixels weighted by how much of each lies
 * in it, so no source pixel is skipped (no aliasing) and the picture's mean is kept. Enlarging
 * ({@code s < 1}) uses bilinear interpolation at the source position {@code (i + 1/2) s - 1/2}
 * (pixel centres aligned, clamped at the border). The same side gives back the same values.
 */
public final class ImageResampling {

    private ImageResampling() {}

    /**
     * Cuts the centred square out of a picture, resizes it and rounds it to bytes.
     *
     * @param planes the picture, {@code (channels, height, width)} in row-major order, values in
     *     [0, 255]
     * @param channels the number of colour planes
     * @param width the picture's width
     * @param height the picture's height
     * @param size the side of the result
     * @return {@code (channels, size, size)} bytes, rounded to nearest and clamped to [0, 255]
     */
    public static byte[] squareBytes(
            float[] planes, int channels, int width, int height, int size) {
        int side = Math.min(width, height);
        int left = (width - side) / 2;
        int top = (height - side) / 2;
        byte[] result = new byte[channels * size * size];
        float[] square = new float[side * side];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(
                        planes, (c * height + top + y) * width + left, square, y * side, side);
            }
            float[] resized = resize(square, side, side, size, size);
            for (int i = 0; i < resized.length; i++) {
                result[c * size * size + i] =
                        (byte) Math.round(Math.max(0f, Math.min(255f, resized[i])));
            }
        }
        return result;
    }

    /**
     * Resizes one plane; see the class description for the filters.
     *
     * @param plane {@code height * width} values, row-major
     * @param width the plane's width
     * @param height the plane's height
     * @param targetWidth the width of the result
     * @param targetHeight the height of the result
     * @return {@code targetHeight * targetWidth} values, row-major
     */
    public static float[] resize(
            float[] plane, int width, int height, int targetWidth, int targetHeight) {
        Taps[] columns = taps(width, targetWidth);
        Taps[] rows = taps(height, targetHeight);
        float[] narrowed = new float[height * targetWidth];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < targetWidth; x++) {
                narrowed[y * targetWidth + x] = columns[x].apply(plane, y * width, 1);
            }
        }
        float[] result = new float[targetHeight * targetWidth];
        for (int y = 0; y < targetHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                result[y * targetWidth + x] = rows[y].apply(narrowed, x, targetWidth);
            }
        }
        return result;
    }

    /** The source pixels one output pixel is made of: consecutive, from {@code first}. */
    private record Taps(int first, float[] weights) {
        float apply(float[] values, int start, int stride) {
            float sum = 0f;
            int index = start + first * stride;
            for (float weight : weights) {
                sum += weight * values[index];
                index += stride;
            }
            return sum;
        }
    }

    private static Taps[] taps(int source, int target) {
        Taps[] taps = new Taps[target];
        double scale = (double) source / target;
        for (int i = 0; i < target; i++) {
            if (scale >= 1) {
                double low = i * scale;
                double high = Math.min(source, (i + 1) * scale);
                int first = (int) Math.floor(low);
                int last = Math.min(source - 1, (int) Math.ceil(high) - 1);
                float[] weights = new float[last - first + 1];
                for (int j = first; j <= last; j++) {
                    double overlap = Math.min(high, j + 1) - Math.max(low, j);
                    weights[j - first] = (float) (overlap / scale);
                }
                taps[i] = new Taps(first, weights);
            } else {
                double centre = Math.max(0, Math.min(source - 1, (i + 0.5) * scale - 0.5));
                int first = Math.min((int) Math.floor(centre), Math.max(0, source - 2));
                double t = centre - first;
                taps[i] = source == 1
                        ? new Taps(0, new float[] {1f})
                        : new Taps(first, new float[] {(float) (1 - t), (float) t});
            }
        }
        return taps;
    }
}
