package io.github.djlgan.api.data;

/**
 * Image collections stored as IDX files (the MNIST format): {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code
 * t10k-labels-idx1-ubyte}, each optionally gzipped.
 */
public enum ImageCollection {
    /** Zalando's Fashion-MNIST: 60,000 + 10,000 28x28 grayscale pictures of 10 kinds of clothing. */
    FASHION_MNIST("fashion-mnist", "apt-get install dataset-fashion-mnist"),
    /** LeCun's MNIST digits, in the same format. */
    MNIST("mnist", null);

    /** Where Debian's dataset packages put their files: this folder, then the collection's name. */
    public static final String DEBIAN_DATASETS = "/usr/share/datasets";

    /** The environment variable naming a folder of collections, one sub-folder per name. */
    public static final String DATA_DIR_VARIABLE = "GAN_DATA_DIR";

    private final String id;
    private final String install;

    ImageCollection(String id, String install) {
        this.id = id;
        this.install = install;
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
     * @return 10
     */
    public int classes() {
        return 10;
    }

    @Override
    public String toString() {
        return id;
    }
}
