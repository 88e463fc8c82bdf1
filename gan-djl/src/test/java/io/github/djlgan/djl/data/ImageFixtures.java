package io.github.djlgan.djl.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Small IDX collections for tests: 28x28 grayscale images of a bright 8x8 square at a random place
 * on a dark, slightly noisy background, labelled by the quadrant the square lies in.
 */
public final class ImageFixtures {

    /** The side of the fixture images. */
    public static final int SIZE = 28;

    private ImageFixtures() {}

    /**
     * Writes {@code train-*} and {@code t10k-*} image and label files (gzipped) into a folder.
     *
     * @param folder the folder to fill
     * @param train how many training images
     * @param test how many test images
     * @param seed the seed of the pictures
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path writeCollection(Path folder, int train, int test, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        write(folder, "train", train, random);
        write(folder, "t10k", test, random);
        return folder;
    }

    private static void write(Path folder, String prefix, int count, SplittableRandom random)
            throws IOException {
        byte[] pixels = new byte[count * SIZE * SIZE];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int top = random.nextInt(SIZE - 8);
            int left = random.nextInt(SIZE - 8);
            labels[n] = (byte) ((top < 10 ? 0 : 2) + (left < 10 ? 0 : 1));
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean inside = y >= top && y < top + 8 && x >= left && x < left + 8;
                    int value = inside ? 230 + random.nextInt(26) : random.nextInt(20);
                    pixels[n * SIZE * SIZE + y * SIZE + x] = (byte) value;
                }
            }
        }
        new IdxFile(new int[] {count, SIZE, SIZE}, pixels)
                .write(folder.resolve(prefix + "-images-idx3-ubyte.gz"));
        new IdxFile(new int[] {count}, labels).write(folder.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }
}
