package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.KEEP_BEST;
import static io.github.djlgan.api.config.ConfigDefaults.KEEP_CHECKPOINTS;
import static io.github.djlgan.api.config.ConfigDefaults.MAX_ROLLBACKS;
import static io.github.djlgan.api.config.ConfigDefaults.ON_DIVERGENCE;
import static io.github.djlgan.api.config.ConfigDefaults.ROLLBACK_FACTOR;

import io.github.djlgan.api.InvalidInputException;

/**
 * What a run keeps and how it recovers. These settings may change when a run is resumed: they do
 * not change what is trained.
 *
 * @param keepCheckpoints how many of the newest checkpoints are kept, at least 1
 * @param onDivergence what to do when a loss or parameter becomes NaN or infinite
 * @param maxRollbacks how many times {@link DivergenceAction#ROLLBACK} may roll back in one run,
 *     at least 0
 * @param rollbackFactor what each rollback multiplies both learning rates by, in (0, 1)
 * @param keepBest the metric by which the best checkpoint is kept besides the newest ones, or
 *     {@link BestMetric#NONE}
 */
public record ReliabilityConfig(
        int keepCheckpoints,
        DivergenceAction onDivergence,
        int maxRollbacks,
        double rollbackFactor,
        BestMetric keepBest) {

    /** Validates every field, naming the field and the bad value. */
    public ReliabilityConfig {
        Check.atLeast("keepCheckpoints", keepCheckpoints, 1);
        Check.notNull("onDivergence", onDivergence);
        Check.atLeast("maxRollbacks", maxRollbacks, 0);
        if (!(rollbackFactor > 0 && rollbackFactor < 1)) {
            throw new InvalidInputException(
                    "rollbackFactor must be in (0, 1), got " + rollbackFactor);
        }
        Check.notNull("keepBest", keepBest);
    }

    /**
     * Returns a builder; unset fields take {@link ConfigDefaults}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optKeepCheckpoints(keepCheckpoints)
                .optOnDivergence(onDivergence)
                .optMaxRollbacks(maxRollbacks)
                .optRollbackFactor(rollbackFactor)
                .optKeepBest(keepBest);
    }

    /** Builds a {@link ReliabilityConfig}. */
    public static final class Builder {

        private Integer keepCheckpoints;
        private DivergenceAction onDivergence;
        private Integer maxRollbacks;
        private Double rollbackFactor;
        private BestMetric keepBest;

        Builder() {}

        /**
         * Sets how many of the newest checkpoints are kept; older ones are deleted. Default
         * {@link ConfigDefaults#KEEP_CHECKPOINTS}.
         *
         * @param keepCheckpoints at least 1
         * @return this builder
         */
        public Builder optKeepCheckpoints(int keepCheckpoints) {
            this.keepCheckpoints = keepCheckpoints;
            return this;
        }

        /**
         * Sets what happens when training diverges. Default {@link
         * ConfigDefaults#ON_DIVERGENCE}.
         *
         * @param onDivergence stop, or roll back to the last good checkpoint
         * @return this builder
         */
        public Builder optOnDivergence(DivergenceAction onDivergence) {
            this.onDivergence = onDivergence;
            return this;
        }

        /**
         * Sets how many rollbacks one run may make before it stops. Default {@link
         * ConfigDefaults#MAX_ROLLBACKS}.
         *
         * @param maxRollbacks at least 0
         * @return this builder
         */
        public Builder optMaxRollbacks(int maxRollbacks) {
            this.maxRollbacks = maxRollbacks;
            return this;
        }

        /**
         * Sets what each rollback multiplies both learning rates by. Default {@link
         * ConfigDefaults#ROLLBACK_FACTOR}.
         *
         * @param rollbackFactor in (0, 1)
         * @return this builder
         */
        public Builder optRollbackFactor(double rollbackFactor) {
            this.rollbackFactor = rollbackFactor;
            return this;
        }

        /**
         * Sets the metric by which the best checkpoint is kept, besides the newest ones (built-in
         * distributions only). Default {@link ConfigDefaults#KEEP_BEST}.
         *
         * @param keepBest the metric
         * @return this builder
         */
        public Builder optKeepBest(BestMetric keepBest) {
            this.keepBest = keepBest;
            return this;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on
         * @return the settings
         * @throws InvalidInputException naming a bad field and its value
         */
        public ReliabilityConfig build(ConfigDefaults.Basis basis) {
            return new ReliabilityConfig(
                    Check.or(keepCheckpoints, KEEP_CHECKPOINTS, basis),
                    Check.or(onDivergence, ON_DIVERGENCE, basis),
                    Check.or(maxRollbacks, MAX_ROLLBACKS, basis),
                    Check.or(rollbackFactor, ROLLBACK_FACTOR, basis),
                    Check.or(keepBest, KEEP_BEST, basis));
        }
    }
}
