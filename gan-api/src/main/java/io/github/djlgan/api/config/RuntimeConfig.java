package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.DEVICE;
import static io.github.djlgan.api.config.ConfigDefaults.ENGINE;

/**
 * Where a run computes. These settings may change when a run is resumed: they do not change what
 * is trained.
 *
 * @param engine the DJL engine name, for example {@code PyTorch} or {@code MXNet}
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
 */
public record RuntimeConfig(String engine, String device) {

    /** Validates every field. */
    public RuntimeConfig {
        Check.notBlank("engine", engine);
        Check.notBlank("device", device);
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
        return new Builder().optEngine(engine).optDevice(device);
    }

    /** Builds a {@link RuntimeConfig}. */
    public static final class Builder {

        private String engine;
        private String device;

        Builder() {}

        /**
         * Sets the DJL engine name. Default {@link ConfigDefaults#ENGINE}.
         *
         * @param engine the engine name as DJL spells it
         * @return this builder
         */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Sets the device: {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}. Default
         * {@link ConfigDefaults#DEVICE}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /**
         * Returns the engine set.
         *
         * @return the engine's name, or null for the default
         */
        public String engine() {
            return engine;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on
         * @return the settings
         * @throws io.github.djlgan.api.InvalidInputException naming a bad field and its value
         */
        public RuntimeConfig build(ConfigDefaults.Basis basis) {
            return new RuntimeConfig(
                    Check.or(engine, ENGINE, basis), Check.or(device, DEVICE, basis));
        }
    }
}
