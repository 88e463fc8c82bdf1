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
 * <p>The weight's default comes from {@link ConfigDefaults#PENALTY_WEIGHT}: each paper's 10, and
 * for R1 on the built-in distributions the gamma measured there. A {@link TrainingConfig} resolves
 * an unset weight for its own dataset; {@link Builder#build()} alone, knowing no dataset, takes the
 * papers' 10.
 *
 * @param kind the penalty
 * @param weight gamma (R1, R2) or lambda (WGAN-GP, DRAGAN) per update, positive and finite
 * @param every N, apply in every N-th D update, at least 1
 * @param estimator how the input gradient is obtained: exactly (every kind) or by the
 *     finite-difference estimate of {@code ||g||^2} (R1 and R2 only)
 * @see <a href="https://arxiv.org/abs/1912.04958">Karras et al. 2020, appendix B, lazy
 *     regularisation</a>
 */
public record PenaltyConfig(
        PenaltyKind kind, double weight, int every, PenaltyEstimator estimator) {

    /**
     * Validates every field.
     *
     * @throws InvalidInputException naming the field and the bad value, or a unit-norm penalty
     *     (WGAN-GP, DRAGAN) with the finite-difference estimator
     */
    public PenaltyConfig {
        if (kind == null) {
            throw new InvalidInputException("penalty kind must be set");
        }
        Check.positive("penalty weight", weight);
        Check.atLeast("penalty every", every, 1);
        if (estimator == null) {
            throw new InvalidInputException("penalty estimator must be set");
        }
        if (estimator == PenaltyEstimator.FINITE_DIFFERENCE && kind.unitNorm()) {
            throw new InvalidInputException(
                    "penalty estimator finite-difference serves r1 and r2 only: " + kind.id()
                            + " needs ||g||, of which the estimate (g . v)^2 of ||g||^2 gives no"
                            + " unbiased estimate; use the exact estimator");
        }
    }

    /**
     * Returns a builder holding this configuration's values, the weight included.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder().setKind(kind).optWeight(weight).optEvery(every).optEstimator(estimator);
    }

    /**
     * Returns a penalty at the paper's weight (10), applied in every D update.
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

    /**
     * Builds a {@link PenaltyConfig}: the kind is required, the weight, N and the estimator
     * optional.
     */
    public static final class Builder {

        private PenaltyKind kind;
        private Double weight;
        private int every = 1;
        private PenaltyEstimator estimator;

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
         * Returns the penalty set so far.
         *
         * @return the kind, or null when not set yet
         */
        PenaltyKind kind() {
            return kind;
        }

        /**
         * Sets gamma or lambda; default {@link ConfigDefaults#PENALTY_WEIGHT}.
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
         * Sets how the input gradient is obtained; default {@link
         * ConfigDefaults#PENALTY_ESTIMATOR}'s for the run (exact, except R1 and R2 on the grids on
         * MXNet).
         *
         * @param estimator the estimator; {@link PenaltyEstimator#FINITE_DIFFERENCE} for R1 and R2
         *     only
         * @return this builder
         */
        public Builder optEstimator(PenaltyEstimator estimator) {
            this.estimator = estimator;
            return this;
        }

        /**
         * Builds the configuration; an unset weight takes the papers' 10 ({@link
         * ConfigDefaults#PENALTY_WEIGHT}'s last case).
         *
         * @return the configuration
         * @throws InvalidInputException naming a missing or bad setting
         */
        public PenaltyConfig build() {
            return build(null);
        }

        /**
         * Builds the configuration of a run; an unset weight takes {@link
         * ConfigDefaults#PENALTY_WEIGHT}'s default for the run's dataset, architecture and loss.
         *
         * @param basis what the run's defaults depend on (its penalty is taken to be this one), or
         *     null for the papers' weight
         * @return the configuration
         * @throws InvalidInputException naming a missing or bad setting
         */
        public PenaltyConfig build(ConfigDefaults.Basis basis) {
            if (kind == null) {
                throw new InvalidInputException("penalty kind must be set");
            }
            ConfigDefaults.Basis own = basis == null ? null : new ConfigDefaults.Basis(
                    basis.dataset(), basis.architecture(), basis.loss(), kind);
            double chosen = weight != null ? weight
                    : own == null ? ConfigDefaults.PENALTY_WEIGHT.otherwiseValue()
                    : ConfigDefaults.PENALTY_WEIGHT.value(own);
            PenaltyEstimator how = estimator != null ? estimator
                    : own == null ? ConfigDefaults.PENALTY_ESTIMATOR.otherwiseValue()
                    : ConfigDefaults.PENALTY_ESTIMATOR.value(own);
            return new PenaltyConfig(kind, chosen, every, how);
        }
    }
}
