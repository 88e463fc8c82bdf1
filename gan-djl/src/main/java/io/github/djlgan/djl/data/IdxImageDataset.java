package io.github.djlgan.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ImageCollection;
import io.github.djlgan.api.data.PixelRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Grayscale images and their labels from a pair of IDX files, as a DJL {@link
 * RandomAccessDataset}: each record is a {@code (1, rows, columns)} float image scaled to [-1, 1]
 * (the range of a tanh generator) and its label as a float scalar.
 */
public final class IdxImageDataset extends RandomAccessDataset {

    /** Which half of a collection. */
    public enum Split {
        /** The training images. */
        TRAIN("train"),
        /** The held-out test images. */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int rows;
    private final int columns;
    private final PixelRange range;

    private IdxImageDataset(Builder builder) {
        super(builder);
        this.range = builder.range;
        this.pixels = builder.images.data();
        this.labels = builder.labels.data();
        int[] dimensions = builder.images.dimensions();
        this.count = dimensions[0];
        this.rows = dimensions[1];
        this.columns = dimensions[2];
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds a collection's folder: {@code dataDir} if given, then {@code $GAN_DATA_DIR/<name>},
     * then {@code /usr/share/datasets/<name>} (Debian's packages).
     *
     * @param collection the collection
     * @param dataDir the folder the user named, or null
     * @return the folder holding the collection's IDX files
     * @throws InvalidInputException saying where it looked and how to get the files
     */
    public static Path locate(ImageCollection collection, String dataDir) {
        List<Path> candidates = new ArrayList<>();
        if (dataDir != null) {
            candidates.add(Paths.get(dataDir));
        } else {
            String variable = System.getenv(ImageCollection.DATA_DIR_VARIABLE);
            if (variable != null && !variable.isBlank()) {
                candidates.add(Paths.get(variable, collection.id()));
            }
            candidates.add(Paths.get(ImageCollection.DEBIAN_DATASETS, collection.id()));
        }
        for (Path candidate : candidates) {
            if (file(candidate, Split.TRAIN, "images-idx3-ubyte") != null) {
                return candidate;
            }
        }
        String install = collection.installCommand();
        throw new InvalidInputException(
                "No "
                        + collection.id()
                        + " files (train-images-idx3-ubyte[.gz] and the rest) in "
                        + candidates
                        + ". "
                        + (install != null ? "Install them with '" + install + "', or p" : "P")
                        + "ass --data-dir DIR (or set "
                        + ImageCollection.DATA_DIR_VARIABLE
                        + ") naming a folder that holds them.");
    }

    /**
     * Reads one half of a collection from its folder.
     *
     * @param folder the folder, as found by {@link #locate}
     * @param split the training or the test half
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @return the dataset, shuffled each pass, the last incomplete batch dropped
     * @throws IOException if reading fails
     * @throws InvalidInputException if a file is missing, damaged, or disagrees with its partner
     */
    public static IdxImageDataset load(
            Path folder, Split split, int batchSize, PixelRange range) throws IOException {
        return builder()
                .optPixelRange(range)
                .setImages(IdxFile.read(require(folder, split, "images-idx3-ubyte")))
                .setLabels(IdxFile.read(require(folder, split, "labels-idx1-ubyte")))
                .setSampling(batchSize, true, true)
                .build();
    }

    /**
     * Counts the images of one half of a collection by reading its (small) label file.
     *
     * @param folder the folder, as found by {@link #locate}
     * @param split the training or the test half
     * @return the number of images
     * @throws IOException if reading fails
     */
    public static int count(Path folder, Split split) throws IOException {
        return IdxFile.read(require(folder, split, "labels-idx1-ubyte")).count();
    }

    private static Path require(Path folder, Split split, String kind) {
        Path found = file(folder, split, kind);
        if (found == null) {
            throw new InvalidInputException(
                    "No " + split.prefix + "-" + kind + "[.gz] in " + folder);
        }
        return found;
    }

    private static Path file(Path folder, Split split, String kind) {
        String name = split.prefix + "-" + kind;
        for (String candidate : new String[] {name + ".gz", name}) {
            Path path = folder.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    /**
     * Returns the shape of one image.
     *
     * @return {@code (1, rows, columns)}
     */
    public Shape imageShape() {
        return new Shape(1, rows, columns);
    }

    /**
     * Returns an image's pixels scaled to the dataset's range, on the host.
     *
     * @param index which image
     * @return {@code rows * columns} values
     */
    public float[] pixels(int index) {
        return pixels(index, 1);
    }

    /**
     * Returns consecutive images' pixels scaled to the dataset's range, on the host.
     *
     * @param first the first image
     * @param count how many images
     * @return {@code count * rows * columns} values, image after image
     */
    public float[] pixels(int first, int count) {
        int size = rows * columns;
        float[] values = new float[count * size];
        int offset = first * size;
        for (int i = 0; i < values.length; i++) {
            values[i] = range.fromByte(pixels[offset + i] & 0xff);
        }
        return values;
    }

    /**
     * Returns an image's label.
     *
     * @param index which image
     * @return its class
     */
    public int label(int index) {
        return labels[index] & 0xff;
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
        return count;
    }

    @Override
    public void prepare(Progress progress) {
        // Everything was read and checked when the dataset was built.
    }

    /** Builds an {@link IdxImageDataset} from IDX files already read. */
    public static final class Builder extends BaseBuilder<Builder> {

        private IdxFile images;
        private IdxFile labels;
        private PixelRange range = PixelRange.SYMMETRIC;

        Builder() {}

        /**
         * Sets the images: a three-dimensional IDX file (count, rows, columns).
         *
         * @param images the images
         * @return this builder
         */
        public Builder setImages(IdxFile images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the labels: a one-dimensional IDX file with one label per image.
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder setLabels(IdxFile labels) {
            this.labels = labels;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the range pixels are scaled to. Default [-1, 1].
         *
         * @param range the generator's pixel range
         * @return this builder
         */
        public Builder optPixelRange(PixelRange range) {
            this.range = java.util.Objects.requireNonNull(range, "range");
            return this;
        }

        /**
         * Checks that the files fit together and builds the dataset.
         *
         * @return the dataset
         * @throws InvalidInputException if the shapes or counts disagree
         */
        public IdxImageDataset build() {
            if (images == null || labels == null) {
                throw new IllegalArgumentException("images and labels must be set");
            }
            if (images.dimensions().length != 3) {
                throw new InvalidInputException(
                        "image IDX files have 3 dimensions (count, rows, columns), got "
                                + images.dimensions().length);
            }
            if (labels.dimensions().length != 1) {
                throw new InvalidInputException(
                        "label IDX files have 1 dimension, got " + labels.dimensions().length);
            }
            if (images.count() != labels.count()) {
                throw new InvalidInputException(
                        "the image file holds "
                                + images.count()
                                + " images but the label file "
                                + labels.count()
                                + " labels");
            }
            return new IdxImageDataset(this);
        }
    }
}
