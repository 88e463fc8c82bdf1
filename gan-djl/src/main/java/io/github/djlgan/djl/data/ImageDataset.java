package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

import io.github.djlgan.api.data.PixelRange;

import java.util.List;
import java.util.Objects;

/**
 * Labelled images held on the host as compact bytes, as a DJL {@link RandomAccessDataset}: each
 * record is a {@code (channels, height, width)} float image scaled to the generator's {@link
 * PixelRange} ([-1, 1] for tanh, [0, 1] for sigmoid) and its label as a float scalar. Every
 * image has the same shape; the sources ({@link IdxImageDataset}, {@link ImageFolderDataset})
 * bring them to it when they read them.
 */
public abstract class ImageDataset extends RandomAccessDataset {

    /**
     * Both parts of a dataset: DJL's {@link Dataset.Usage#TRAIN} and {@link Dataset.Usage#TEST}.
     *
     * @param train the training images
     * @param test the held-out images
     */
    public record Splits(ImageDataset train, ImageDataset test) {
        /**
         * Returns one part.
         *
         * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
         * @return the training or the test images
         * @throws IllegalArgumentException for {@link Dataset.Usage#VALIDATION}, which these
         *     datasets do not have
         */
        public ImageDataset get(Dataset.Usage usage) {
            return heldOut(usage) ? test : train;
        }

        /**
         * Tells whether a usage names the held-out part.
         *
         * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
         * @return true for TEST, false for TRAIN
         * @throws IllegalArgumentException for {@link Dataset.Usage#VALIDATION}
         */
        public static boolean heldOut(Dataset.Usage usage) {
            return switch (usage) {
                case TRAIN -> false;
                case TEST -> true;
                case VALIDATION -> throw new IllegalArgumentException(
                        "image datasets have a training and a test part, no validation part");
            };
        }
    }

    private final byte[][] images;
    private final int[] labels;
    private final List<String> classNames;
    private final int channels;
    private final int height;
    private final int width;
    private final PixelRange range;

    /**
     * Creates the dataset.
     *
     * @param builder the sampling settings
     * @param images one {@code (channels, height, width)} array of unsigned bytes per image
     * @param labels one class index per image, into {@code classNames}
     * @param classNames the names of the classes
     * @param channels 1 (gray) or 3 (RGB)
     * @param height the images' height
     * @param width the images' width
     * @param range the range the pixels are scaled to
     */
    protected ImageDataset(
            BaseBuilder<?> builder,
            byte[][] images,
            int[] labels,
            List<String> classNames,
            int channels,
            int height,
            int width,
            PixelRange range) {
        super(builder);
        if (images.length != labels.length) {
            throw new IllegalArgumentException(
                    images.length + " images but " + labels.length + " labels");
        }
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.range = Objects.requireNonNull(range, "range");
    }

    /**
     * Returns the shape of one image.
     *
     * @return {@code (channels, height, width)}
     */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns an image's pixels scaled to the dataset's range, on the host.
     *
     * @param index which image
     * @return {@code channels * height * width} values
     */
    public float[] pixels(int index) {
        return pixels(index, 1);
    }

    /**
     * Returns consecutive images' pixels scaled to the dataset's range, on the host.
     *
     * @param first the first image
     * @param count how many images
     * @return {@code count * channels * height * width} values, image after image
     */
    public float[] pixels(int first, int count) {
        int size = channels * height * width;
        float[] values = new float[count * size];
        for (int n = 0; n < count; n++) {
            byte[] image = images[first + n];
            for (int i = 0; i < size; i++) {
                values[n * size + i] = range.fromByte(image[i] & 0xff);
            }
        }
        return values;
    }

    /**
     * Returns an image's label.
     *
     * @param index which image
     * @return its class, an index into {@link #classNames()}
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * Returns the names of the classes the labels index.
     *
     * @return the names, label 0 first
     */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        return new Record(
                new NDList(manager.create(pixels(i), imageShape())),
                new NDList(manager.create((float) label(i))));
    }

    @Override
    protected long availableSize() {
        return images.length;
    }

    @Override
    public void prepare(Progress progress) {
        // Everything was read and checked when the dataset was built.
    }
}
