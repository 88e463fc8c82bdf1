package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * The generator objectives of Goodfellow et al. (2014). The discriminator always minimises the
 * binary cross-entropy of telling real from generated samples.
 */
public enum LossKind {
    /**
     * The paper's minimax game: G minimises {@code E[log(1 - D(G(z)))]}. It saturates when D
     * rejects the first fakes with confidence, so G learns slowly early on.
     */
    MINIMAX("minimax"),

    /**
     * The paper's practical alternative: G maximises {@code E[log D(G(z))]}, the same fixed point
     * with strong gradients early in training. The default.
     */
    NON_SATURATING("non-saturating");

    private final String id;

    LossKind(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code non-saturating}
     */
    public String id() {
        return id;
    }

    /**
     * Looks up a loss by its name.
     *
     * @param id the name, for example {@code minimax}
     * @return the loss
     * @throws InvalidInputException if no loss has that name
     */
    public static LossKind fromId(String id) {
        return Names.find(values(), LossKind::id, id, "loss");
    }

    @Override
    public String toString() {
        return id;
    }
}
