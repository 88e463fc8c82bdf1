package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * A gradient penalty on the discriminator: which one, its weight, and how often it is applied.
 *
 * <p>Lazy regularisation (Karras et al. 2020, StyleGAN2, appendix B): with {@code every = N} the
 * penalty is computed in every N-th discriminator update only (the 1st, the (N+1)-th, ...) and
 * weighted {@code N * weight} there, so that its expected contribution per update is unchanged
 * while N-1 of N updates skip the second backward pass.
 *
 * @param kind the penalty
 * @param weight gamma (R1, R2) or lambda (WGAN-GP, DRAGAN) per update, positive and finite
 * @param every N, apply in every N-th D update, at least 1
 * @see <a href="https://arxiv.org/abs/1912.04958">Karras et al. 2020, appendix B, lazy
 *     regularisation</a>
 */
public record PenaltyConfig(PenaltyKind kind, double weight, int every) {

    /**
     * Validates every field.
     *
     * @throws InvalidInputException naming the field and the bad value
     */
    public PenaltyConfig {
        if (kind == null) {
            throw new InvalidInputException("penalty kind must be set");
        }
        Check.positive("penalty weight", weight);
        Check.atLeast("penalty every", every, 1);
    }

    /**
     * Returns a penalty at the paper's weight, applied in every D update.
     *
     * @param kind the penalty
     * @return the configuration
     */
    public static PenaltyConfig of(PenaltyKind kind) {
        return builder().setKind(kind).build();
    }

    /**
     * Returns the weight of the penalty in an update where it is applied: {@code every * weight}.
     *
     * @return the effective weight
     */
    public double appliedWeight() {
        return every * weight;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PenaltyConfig}: the kind is required, the weight and N optional. */
    public static final class Builder {

        private PenaltyKind kind;
        private Double weight;
        private int every = 1;

        Builder() {}

        /**
         * Sets the penalty.
         *
         * @param kind the penalty
         * @return this builder
         */
        public Builder setKind(PenaltyKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets gamma or lambda; default the paper's ({@link PenaltyKind#defaultWeight()}).
         *
         * @param weight the weight, positive
         * @return this builder
         */
        public Builder optWeight(double weight) {
            this.weight = weight;
            return this;
        }

        /**
         * Sets N of lazy regularisation; default 1 (every update).
         *
         * @param every N, at least 1
         * @return this builder
         */
        public Builder optEvery(int every) {
            this.every = every;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws InvalidInputException naming a missing or bad setting
         */
        public PenaltyConfig build() {
            if (kind == null) {
                throw new InvalidInputException("penalty kind must be set");
            }
            return new PenaltyConfig(kind, weight == null ? kind.defaultWeight() : weight, every);
        }
    }
}
