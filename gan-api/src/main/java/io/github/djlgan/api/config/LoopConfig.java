package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.DISCRIMINATOR_STEPS;
import static io.github.djlgan.api.config.ConfigDefaults.OPTIMIZER;
import static io.github.djlgan.api.config.ConfigDefaults.STEPS;

/**
 * Algorithm 1 of Goodfellow et al. (2014): each of {@link #steps()} iterations makes {@link
 * #discriminatorSteps()} discriminator updates (k in the paper), each on a fresh real minibatch
 * and fresh noise, then one generator update.
 *
 * @param steps the number of generator updates (iterations of Algorithm 1), at least 1
 * @param discriminatorSteps k, the discriminator updates per generator update, at least 1
 * @param loss the pair of objectives D and G minimise
 * @param generatorOptimizer how G is optimised
 * @param discriminatorOptimizer how D is optimised
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public record LoopConfig(
        long steps,
        int discriminatorSteps,
        LossKind loss,
        OptimizerConfig generatorOptimizer,
        OptimizerConfig discriminatorOptimizer) {

    /** Validates every field, naming the field and the bad value. */
    public LoopConfig {
        Check.atLeast("steps", steps, 1);
        Check.atLeast("discriminatorSteps", discriminatorSteps, 1);
        Check.notNull("loss", loss);
        Check.notNull("generatorOptimizer", generatorOptimizer);
        Check.notNull("discriminatorOptimizer", discriminatorOptimizer);
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
                .optSteps(steps)
                .optDiscriminatorSteps(discriminatorSteps)
                .optLoss(loss)
                .optGeneratorOptimizer(generatorOptimizer)
                .optDiscriminatorOptimizer(discriminatorOptimizer);
    }

    /** Builds a {@link LoopConfig}. */
    public static final class Builder {

        private Long steps;
        private Integer discriminatorSteps;
        private LossKind loss;
        private OptimizerConfig generatorOptimizer;
        private OptimizerConfig discriminatorOptimizer;

        Builder() {}

        /**
         * Sets the number of generator updates. Default {@link ConfigDefaults#STEPS}.
         *
         * @param steps the number of iterations of Algorithm 1
         * @return this builder
         */
        public Builder optSteps(long steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets k, the discriminator updates per generator update. Default {@link
         * ConfigDefaults#DISCRIMINATOR_STEPS}.
         *
         * @param discriminatorSteps k
         * @return this builder
         */
        public Builder optDiscriminatorSteps(int discriminatorSteps) {
            this.discriminatorSteps = discriminatorSteps;
            return this;
        }

        /**
         * Sets the objectives. Default {@link ConfigDefaults#LOSS}.
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder optLoss(LossKind loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets the generator's optimiser. Default {@link ConfigDefaults#OPTIMIZER}.
         *
         * @param optimizer the optimiser settings
         * @return this builder
         */
        public Builder optGeneratorOptimizer(OptimizerConfig optimizer) {
            this.generatorOptimizer = optimizer;
            return this;
        }

        /**
         * Sets the discriminator's optimiser. Default {@link ConfigDefaults#OPTIMIZER}.
         *
         * @param optimizer the optimiser settings
         * @return this builder
         */
        public Builder optDiscriminatorOptimizer(OptimizerConfig optimizer) {
            this.discriminatorOptimizer = optimizer;
            return this;
        }

        /**
         * Returns the loss set, or null.
         *
         * @return the loss
         */
        LossKind loss() {
            return loss;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on; its loss is the one built
         * @return the settings
         * @throws io.github.djlgan.api.InvalidInputException naming a bad field and its value
         */
        public LoopConfig build(ConfigDefaults.Basis basis) {
            return new LoopConfig(
                    Check.or(steps, STEPS, basis),
                    Check.or(discriminatorSteps, DISCRIMINATOR_STEPS, basis),
                    basis.loss(),
                    Check.or(generatorOptimizer, OPTIMIZER, basis),
                    Check.or(discriminatorOptimizer, OPTIMIZER, basis));
        }
    }
}
