package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.CHECKPOINT_EVERY;
import static io.github.djlgan.api.config.ConfigDefaults.LOG_EVERY;
import static io.github.djlgan.api.config.ConfigDefaults.SAMPLE_EVERY;

/**
 * How often a run reports, in generator steps.
 *
 * @param logEvery how often losses are read back from the engine and logged, at least 1
 * @param sampleEvery how often a sample picture is written; 0: only at the end
 * @param checkpointEvery how often a checkpoint is written; 0: only at the end
 */
public record CadenceConfig(int logEvery, int sampleEvery, int checkpointEvery) {

    /** Validates every field, naming the field and the bad value. */
    public CadenceConfig {
        Check.atLeast("logEvery", logEvery, 1);
        Check.atLeast("sampleEvery", sampleEvery, 0);
        Check.atLeast("checkpointEvery", checkpointEvery, 0);
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
                .optLogEvery(logEvery)
                .optSampleEvery(sampleEvery)
                .optCheckpointEvery(checkpointEvery);
    }

    /** Builds a {@link CadenceConfig}. */
    public static final class Builder {

        private Integer logEvery;
        private Integer sampleEvery;
        private Integer checkpointEvery;

        Builder() {}

        /**
         * Sets how often losses are read back and logged. Default {@link
         * ConfigDefaults#LOG_EVERY}.
         *
         * @param logEvery the interval in steps
         * @return this builder
         */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /**
         * Sets how often a sample picture is written; 0 writes only the final one. Default {@link
         * ConfigDefaults#SAMPLE_EVERY}.
         *
         * @param sampleEvery the interval in steps
         * @return this builder
         */
        public Builder optSampleEvery(int sampleEvery) {
            this.sampleEvery = sampleEvery;
            return this;
        }

        /**
         * Sets how often a checkpoint is written; 0 writes only the final one. Default {@link
         * ConfigDefaults#CHECKPOINT_EVERY}.
         *
         * @param checkpointEvery the interval in steps
         * @return this builder
         */
        public Builder optCheckpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on
         * @return the settings
         * @throws io.github.djlgan.api.InvalidInputException naming a bad field and its value
         */
        public CadenceConfig build(ConfigDefaults.Basis basis) {
            return new CadenceConfig(
                    Check.or(logEvery, LOG_EVERY, basis),
                    Check.or(sampleEvery, SAMPLE_EVERY, basis),
                    Check.or(checkpointEvery, CHECKPOINT_EVERY, basis));
        }
    }
}
