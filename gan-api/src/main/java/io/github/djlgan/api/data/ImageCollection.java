package io.github.djlgan.api.data;

import java.util.List;

/**
 * Image collections stored as IDX files (the MNIST format): {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code
 * t10k-labels-idx1-ubyte}, each optionally gzipped.
 */
public enum ImageCollection {
    /** Zalando's Fashion-MNIST: 60,000 + 10,000 28x28 grayscale pictures of 10 kinds of clothing. */
    FASHION_MNIST(
            "fashion-mnist",
            "apt-get install dataset-fashion-mnist",
            List.of(
                    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                    "Sneaker", "Bag", "Ankle boot")),
    /** LeCun's MNIST digits, in the same format. */
    MNIST("mnist", null, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** Where Debian's dataset packages put their files: this folder, then the collection's name. */
    public static final String DEBIAN_DATASETS = "/usr/share/datasets";

    /** The environment variable naming a folder of collections, one sub-folder per name. */
    public static final String DATA_DIR_VARIABLE = "GAN_DATA_DIR";

    private final String id;
    private final String install;
    private final List<String> classNames;

    ImageCollection(String id, String install, List<String> classNames) {
        this.id = id;
        this.install = install;
        this.classNames = classNames;
    }

    /**
     * Returns the name used in flags and config files, and the folder name the files are looked
     * for under.
     *
     * @return the name
     */
    public String id() {
        return id;
    }

    /**
     * Returns the command that installs the collection on Debian, if a package exists.
     *
     * @return the command, or null
     */
    public String installCommand() {
        return install;
    }

    /**
     * Returns the names of the classes, in the order of the label values 0, 1, ...
     *
     * @return the names (Fashion-MNIST's as Zalando lists them)
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Returns the side of the square images.
     *
     * @return 28
     */
    public int imageSize() {
        return 28;
    }

    /**
     * Returns the number of colour channels.
     *
     * @return 1
     */
    public int channels() {
        return 1;
    }

    /**
     * Returns the number of classes the labels name.
     *
     * @return the number of {@link #classNames()}, 10
     */
    public int classes() {
        return classNames.size();
    }

    @Override
    public String toString() {
        return id;
    }
}
