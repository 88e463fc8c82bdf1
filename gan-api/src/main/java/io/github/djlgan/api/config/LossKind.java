package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * The adversarial losses, each a matched pair of discriminator and generator objectives on D's
 * logits. Their formulas are in the classes of {@code io.github.djlgan.djl.loss} that compute them.
 * Gradient penalties (R1, R2, WGAN-GP, DRAGAN) are not losses but regularisers added to D's loss
 * ({@link PenaltyConfig}); they need a second backward pass through D, which each engine offers
 * through its own module.
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
    NON_SATURATING("non-saturating"),

    /**
     * Least squares (LSGAN, Mao et al. 2017): D regresses its output to 1 on real and 0 on fake
     * samples, G pushes it to 1 on fakes.
     *
     * @see <a href="https://arxiv.org/abs/1611.04076">Mao et al. 2017</a>
     */
    LEAST_SQUARES("least-squares"),

    /**
     * Hinge loss (Lim and Ye 2017; Miyato et al. 2018): D is penalised for real scores below 1 and
     * fake scores above -1, G raises D's score of fakes.
     *
     * @see <a href="https://arxiv.org/abs/1705.02894">Lim and Ye 2017</a>
     */
    HINGE("hinge"),

    /**
     * The Wasserstein GAN (Arjovsky et al. 2017): a critic estimates the earth mover's distance
     * and must be kept Lipschitz by weight clipping. Its defaults are the paper's: k = 5 critic
     * updates per generator update, RMSProp at 5e-5, weights clipped to [-0.01, 0.01].
     *
     * @see <a href="https://arxiv.org/abs/1701.07875">Arjovsky et al. 2017, Algorithm 1</a>
     */
    WASSERSTEIN("wasserstein");

    private final String id;

    LossKind(String id) {
        this.id = id;
    }

    /**
     * Tells whether D's real target can be smoothed: the losses that compare D's output with a
     * target value (cross-entropy and least squares), not the margin and critic losses.
     *
     * @return whether label smoothing applies
     */
    public boolean hasRealTarget() {
        return this == MINIMAX || this == NON_SATURATING || this == LEAST_SQUARES;
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
