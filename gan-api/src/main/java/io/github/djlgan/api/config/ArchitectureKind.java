package io.github.djlgan.api.config;

import io.github.djlgan.api.data.PixelRange;

/** The network architectures, chosen by name. */
public enum ArchitectureKind {
    /** Multilayer perceptrons for the low-dimensional built-in distributions. */
    MLP("mlp", PixelRange.SYMMETRIC),
    /**
     * The paper's MNIST networks (Goodfellow et al. 2014): G is {@code z -> 1200 ReLU -> 1200 ReLU
     * -> pixels, sigmoid}; D is two maxout layers of 240 units with 5 pieces and a logit, with
     * dropout on its input (keep 0.8) and hidden layers (keep 0.5). Pixels in [0, 1].
     */
    PAPER_MLP("paper-mlp", PixelRange.UNIT),
    /**
     * DCGAN (Radford et al. 2015) for 28x28, 32x32 and 64x64 images: transposed convolutions with
     * batch norm and ReLU in G, strided convolutions with batch norm and LeakyReLU(0.2) in D, tanh
     * output.
     */
    DCGAN("dcgan", PixelRange.SYMMETRIC);

    private final String id;
    private final PixelRange pixelRange;

    ArchitectureKind(String id, PixelRange pixelRange) {
        this.id = id;
        this.pixelRange = pixelRange;
    }

    /**
     * Returns the range of the generator's pixel values, for image architectures.
     *
     * @return [0, 1] for a sigmoid output, [-1, 1] for tanh
     */
    public PixelRange pixelRange() {
        return pixelRange;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name
     */
    public String id() {
        return id;
    }

    /**
     * Looks up an architecture by its name.
     *
     * @param id the name
     * @return the architecture
     * @throws io.github.djlgan.api.InvalidInputException if no architecture has that name
     */
    public static ArchitectureKind fromId(String id) {
        return Names.find(values(), ArchitectureKind::id, id, "architecture");
    }

    @Override
    public String toString() {
        return id;
    }
}
