package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * The gradient penalties on the discriminator, each a term added to D's loss that depends on the
 * gradient of D's output with respect to its input, {@code g(x) = grad_x D(x)}, at points chosen
 * per penalty. Computing them exactly needs a second backward pass through D (the gradient of
 * {@code ||g||} with respect to D's parameters), which each engine offers through its own module,
 * or, for a perceptron D, its input gradient in closed form ({@link PenaltyEstimator#EXACT}); R1
 * and R2 can instead be estimated with first-order gradients only ({@link
 * PenaltyEstimator#FINITE_DIFFERENCE}). The weights' defaults are {@link
 * ConfigDefaults#PENALTY_WEIGHT}.
 */
public enum PenaltyKind {
    /**
     * R1 (Mescheder et al. 2018, equation 9): {@code gamma / 2 * E_x~p_data ||g(x)||^2}, at the
     * real samples. StyleGAN2 trains with it.
     *
     * @see <a href="https://arxiv.org/abs/1801.04406">Mescheder et al. 2018, section 4.1</a>
     */
    R1("r1"),

    /**
     * R2 (Mescheder et al. 2018, equation 10): {@code gamma / 2 * E_x~p_g ||g(x)||^2}, at the
     * generated samples. Default gamma 10.
     *
     * @see <a href="https://arxiv.org/abs/1801.04406">Mescheder et al. 2018, section 4.1</a>
     */
    R2("r2"),

    /**
     * WGAN-GP (Gulrajani et al. 2017, equation 3): {@code lambda * E (||g(x)|| - 1)^2} at random
     * interpolates {@code x = e * x_real + (1 - e) * x_fake}, e ~ U[0, 1) per sample.
     *
     * @see <a href="https://arxiv.org/abs/1704.00028">Gulrajani et al. 2017, Algorithm 1</a>
     */
    WGAN_GP("wgan-gp"),

    /**
     * DRAGAN (Kodali et al. 2017): {@code lambda * E (||g(x)|| - 1)^2} at perturbed real samples
     * {@code x = x_real + 0.5 * std(x_real) * u}, u ~ U[0, 1) per element, std over the minibatch.
     *
     * @see <a href="https://arxiv.org/abs/1705.07215">Kodali et al. 2017, section 4</a>
     */
    DRAGAN("dragan");

    private final String id;

    PenaltyKind(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code wgan-gp}
     */
    public String id() {
        return id;
    }

    /**
     * Tells whether the penalty pushes the gradient norm towards 1 ({@code (||g|| - 1)^2}, WGAN-GP
     * and DRAGAN) rather than towards 0 ({@code ||g||^2 / 2}, R1 and R2).
     *
     * @return whether the target norm is 1
     */
    public boolean unitNorm() {
        return this == WGAN_GP || this == DRAGAN;
    }

    /**
     * Looks up a penalty by its name.
     *
     * @param id the name, for example {@code r1}
     * @return the penalty
     * @throws InvalidInputException if no penalty has that name
     */
    public static PenaltyKind fromId(String id) {
        return Names.find(values(), PenaltyKind::id, id, "penalty");
    }

    @Override
    public String toString() {
        return id;
    }
}
