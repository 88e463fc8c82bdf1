package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/** The prior p_z the generator's input noise is drawn from. */
public enum NoiseKind {
    /** Standard normal N(0, 1) in every coordinate. */
    GAUSSIAN("gaussian"),
    /**
     * Uniform on [-sqrt 3, sqrt 3] in every coordinate: zero mean and unit variance, the kind of
     * prior the paper uses.
     */
    UNIFORM("uniform");

    private final String id;

    NoiseKind(String id) {
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
     * Looks up a prior by its name.
     *
     * @param id the name, {@code gaussian} or {@code uniform}
     * @return the prior
     * @throws InvalidInputException if no prior has that name
     */
    public static NoiseKind fromId(String id) {
        return Names.find(values(), NoiseKind::id, id, "noise prior");
    }

    @Override
    public String toString() {
        return id;
    }
}
