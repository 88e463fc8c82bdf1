package io.github.djlgan.djl.eval;

/**
 * The pretext task of Gidaris, Singh and Komodakis (2018, section 2.1): each image turned by 0,
 * 90, 180 and 270 degrees, labelled 0 to 3. Done on the host by index arithmetic, so both
 * engines see the same pixels.
 *
 * @see <a href="https://arxiv.org/abs/1803.07728">Gidaris et al. 2018, Unsupervised
 *     representation learning by predicting image rotations</a>
 */
final class Rotations {

    private Rotations() {}

    /**
     * Turns every image by each of the four rotations.
     *
     * @param images square images, {@code channels x side x side} values each (channel planes of
     *     rows)
     * @param channels the channels of an image
     * @param side the side of an image
     * @return {@code 4 x count} images: the four rotations of the first image (0, 90, 180, 270
     *     degrees counter-clockwise), then of the second, and so on
     */
    static float[] allFour(float[] images, int channels, int side) {
        int plane = side * side;
        int pixels = channels * plane;
        int count = images.length / pixels;
        float[] out = new float[ImageClassifier.ROTATIONS * images.length];
        for (int n = 0; n < count; n++) {
            for (int turn = 0; turn < ImageClassifier.ROTATIONS; turn++) {
                int target = (n * ImageClassifier.ROTATIONS + turn) * pixels;
                for (int c = 0; c < channels; c++) {
                    int source = n * pixels + c * plane;
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            out[target + c * plane + y * side + x] =
                                    images[source + sourceIndex(turn, y, x, side)];
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Returns the rotation labels of {@link #allFour}'s output.
     *
     * @param count the number of images turned
     * @return {@code 0, 1, 2, 3, 0, 1, ...}, {@code 4 x count} values
     */
    static float[] labels(int count) {
        float[] labels = new float[ImageClassifier.ROTATIONS * count];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % ImageClassifier.ROTATIONS;
        }
        return labels;
    }

    /**
     * Where the pixel (y, x) of an image turned by {@code turn} quarter turns counter-clockwise
     * comes from in the original.
     */
    private static int sourceIndex(int turn, int y, int x, int side) {
        int last = side - 1;
        return switch (turn) {
            case 0 -> y * side + x;
            case 1 -> x * side + (last - y);
            case 2 -> (last - y) * side + (last - x);
            default -> (last - x) * side + y;
        };
    }
}
