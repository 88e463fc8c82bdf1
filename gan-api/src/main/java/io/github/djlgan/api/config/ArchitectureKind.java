package io.github.djlgan.api.config;

import java.util.List;

/** The network architectures, chosen by name. */
public enum ArchitectureKind {
    /** Multilayer perceptrons for the low-dimensional built-in distributions. */
    MLP("mlp"),
    /**
     * DCGAN (Radford et al. 2015) for 28x28, 32x32 and 64x64 images: transposed convolutions with
     * batch norm and ReLU in G, strided convolutions with batch norm and LeakyReLU(0.2) in D, tanh
     * output.
     */
    DCGAN("dcgan");

    /** The image sides DCGAN is built for. */
    public static final List<Integer> DCGAN_IMAGE_SIZES = List.of(28, 32, 64);

    private final String id;

    ArchitectureKind(String id) {
        this.id = id;
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
