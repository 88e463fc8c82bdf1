package io.github.djlgan.djl.data;

import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ImageCollection;
import io.github.djlgan.api.data.PixelRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Grayscale images and their labels from a pair of IDX files (MNIST, Fashion-MNIST), as a DJL
 * {@link RandomAccessDataset}: each record is a {@code (1, rows, columns)} float image scaled to
 * the builder's pixel range, or {@code (1, size, size)} when the builder resizes them (see {@link
 * ImageResampling}), and its label as a float scalar.
 */
public final class IdxImageDataset extends ImageDataset {

    private IdxImageDataset(Builder builder, byte[][] images, int side) {
        super(
                builder,
                images,
                builder.labelValues,
                builder.classNames,
                1,
                side > 0 ? side : builder.images.dimensions()[1],
                side > 0 ? side : builder.images.dimensions()[2],
                builder.range);
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
            if (file(candidate, Usage.TRAIN, "images-idx3-ubyte") != null) {
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
     * Reads one half of a collection from its folder, at the images' own size, the classes named
     * by their numbers.
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
            Path folder, Usage split, int batchSize, PixelRange range) throws IOException {
        return reader(folder, split)
                .optPixelRange(range)
                .setSampling(batchSize, true, true)
                .build();
    }

    /**
     * Reads one half of a collection from its folder, resized to a square side, the classes named
     * as the collection names them.
     *
     * @param collection the collection the files hold
     * @param folder the folder, as found by {@link #locate}
     * @param split the training or the test half
     * @param imageSize the side to resize the images to
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @return the dataset, shuffled each pass, the last incomplete batch dropped
     * @throws IOException if reading fails
     * @throws InvalidInputException if a file is missing, damaged, or disagrees with its partner
     */
    public static IdxImageDataset load(
            ImageCollection collection,
            Path folder,
            Usage split,
            int imageSize,
            int batchSize,
            PixelRange range)
            throws IOException {
        return reader(folder, split)
                .optImageSize(imageSize)
                .optPixelRange(range)
                .optClassNames(collection.classNames())
                .setSampling(batchSize, true, true)
                .build();
    }

    private static Builder reader(Path folder, Usage split) throws IOException {
        return builder()
                .setImages(IdxFile.read(require(folder, split, "images-idx3-ubyte")))
                .setLabels(IdxFile.read(require(folder, split, "labels-idx1-ubyte")));
    }

    /**
     * Counts the images of one half of a collection by reading its (small) label file.
     *
     * @param folder the folder, as found by {@link #locate}
     * @param split the training or the test half
     * @return the number of images
     * @throws IOException if reading fails
     */
    public static int count(Path folder, Usage split) throws IOException {
        return IdxFile.read(require(folder, split, "labels-idx1-ubyte")).count();
    }

    private static Path require(Path folder, Usage split, String kind) {
        Path found = file(folder, split, kind);
        if (found == null) {
            throw new InvalidInputException(
                    "No " + prefix(split) + "-" + kind + "[.gz] in " + folder);
        }
        return found;
    }

    private static Path file(Path folder, Usage split, String kind) {
        String name = prefix(split) + "-" + kind;
        for (String candidate : new String[] {name + ".gz", name}) {
            Path path = folder.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    private static String prefix(Usage split) {
        return Splits.heldOut(split) ? "t10k" : "train";
    }

    /** Builds an {@link IdxImageDataset} from IDX files already read. */
    public static final class Builder extends BaseBuilder<Builder> {

        private IdxFile images;
        private IdxFile labels;
        private int imageSize;
        private List<String> classNames;
        private int[] labelValues;
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

        /**
         * Resizes the images to a square side as they are read (see {@link ImageResampling}).
         * Default: they keep their own size.
         *
         * @param imageSize the side
         * @return this builder
         */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Names the classes, label 0 first. Default: the labels' own numbers, {@code "0"} to the
         * largest label.
         *
         * @param classNames the names
         * @return this builder
         */
        public Builder optClassNames(List<String> classNames) {
            this.classNames = classNames;
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
         * @throws InvalidInputException if the shapes or counts disagree, or a label names no class
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
            byte[] data = labels.data();
            labelValues = new int[data.length];
            int largest = -1;
            for (int i = 0; i < data.length; i++) {
                labelValues[i] = data[i] & 0xff;
                largest = Math.max(largest, labelValues[i]);
            }
            if (classNames == null) {
                classNames = new ArrayList<>();
                for (int label = 0; label <= largest; label++) {
                    classNames.add(Integer.toString(label));
                }
            } else if (largest >= classNames.size()) {
                throw new InvalidInputException(
                        "the label file holds label "
                                + largest
                                + " but the collection has "
                                + classNames.size()
                                + " classes");
            }
            int[] dimensions = images.dimensions();
            int side = imageSize == dimensions[1] && imageSize == dimensions[2] ? 0 : imageSize;
            return new IdxImageDataset(this, split(images, side), side);
        }

        /** One byte array per image, resized to a square {@code side} unless it is 0. */
        private static byte[][] split(IdxFile images, int side) {
            int[] dimensions = images.dimensions();
            int rows = dimensions[1];
            int columns = dimensions[2];
            int size = rows * columns;
            byte[] data = images.data();
            byte[][] result = new byte[dimensions[0]][];
            IntStream.range(0, result.length)
                    .parallel()
                    .forEach(
                            n -> {
                                int offset = n * size;
                                if (side <= 0) {
                                    result[n] = Arrays.copyOfRange(data, offset, offset + size);
                                    return;
                                }
                                float[] plane = new float[size];
                                for (int i = 0; i < size; i++) {
                                    plane[i] = data[offset + i] & 0xff;
                                }
                                result[n] = ImageResampling.squareBytes(
                                        plane, 1, columns, rows, side);
                            });
            return result;
        }
    }
}
