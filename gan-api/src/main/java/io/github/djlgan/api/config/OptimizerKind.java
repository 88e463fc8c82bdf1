package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/** The optimisers a network can be trained with. */
public enum OptimizerKind {
    /** Stochastic gradient descent with momentum, as in the paper. */
    SGD("sgd"),
    /** Adam (Kingma and Ba 2015) with explicit betas. */
    ADAM("adam"),
    /**
     * RMSProp (Tieleman and Hinton 2012), the Wasserstein GAN's optimiser: {@code beta2} is the
     * decay of the squared-gradient average, {@code momentum} its momentum.
     */
    RMSPROP("rmsprop");

    private final String id;

    OptimizerKind(String id) {
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
     * Looks up an optimiser by its name.
     *
     * @param id the name, {@code sgd}, {@code adam} or {@code rmsprop}
     * @return the optimiser kind
     * @throws InvalidInputException if no optimiser has that name
     */
    public static OptimizerKind fromId(String id) {
        return Names.find(values(), OptimizerKind::id, id, "optimizer");
    }

    @Override
    public String toString() {
        return id;
    }
}
