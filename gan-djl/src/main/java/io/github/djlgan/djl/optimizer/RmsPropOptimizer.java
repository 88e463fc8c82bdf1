package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.List;

/**
 * RMSProp (Tieleman and Hinton 2012), the non-centred form of DJL's {@link
 * ai.djl.training.optimizer.RmsProp}, with saveable state. With g the gradient (rescaled, plus
 * weight decay times w, clipped to [-clip, clip] when clipping is on) and lr the learning rate:
 *
 * <pre>
 * n = rho * n + (1 - rho) * g^2
 * w = w - lr * g / sqrt(n + epsilon)
 * </pre>
 *
 * <p>DJL's PyTorch engine has no fused RMSProp kernel (DJL's own RmsProp fails there), so the rule
 * is written in NDArray operations, which run on every engine; MXNet's fused kernel computes the
 * same formula, which a test checks. The gradient is cleared after the update, as the fused kernels
 * do, so that engines that accumulate gradients start the next step from zero.
 *
 * @see <a href="http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf">Tieleman
 *     and Hinton 2012, lecture 6e</a>
 */
public final class RmsPropOptimizer extends StatefulOptimizer {

    /** The state name of the running mean of squared gradients n. */
    public static final String SQUARE_MEAN = "squareMean";

    private final float rho;
    private final float epsilon;

    private RmsPropOptimizer(Builder builder) {
        super(builder, List.of(SQUARE_MEAN));
        this.rho = builder.rho;
        this.epsilon = builder.epsilon;
    }

    /**
     * Returns a builder.
     *
     * @return a builder with DJL's defaults: rho 0.9, epsilon 1e-8
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String kind() {
        return "rmsprop";
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float learningRate = learningRate(parameterId, updateCount(parameterId));
        // State arrays are made outside the scope, which closes what is created in it.
        NDArray squareMean = state(SQUARE_MEAN, parameterId, weight);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray gradient = effectiveGradient(weight, grad);
            squareMean.muli(rho).addi(gradient.square().muli(1f - rho));
            weight.subi(gradient.div(squareMean.add(epsilon).sqrt()).muli(learningRate));
            clearGradient(weight);
        }
    }

    /** Builds an {@link RmsPropOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private float rho = 0.9f;
        private float epsilon = 1e-8f;

        Builder() {}

        /**
         * Sets the decay of the running mean of squared gradients.
         *
         * @param rho in [0, 1)
         * @return this builder
         */
        public Builder optRho(float rho) {
            this.rho = rho;
            return this;
        }

        /**
         * Sets the term added under the square root.
         *
         * @param epsilon positive
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimiser.
         *
         * @return the optimiser
         */
        public RmsPropOptimizer build() {
            return new RmsPropOptimizer(this);
        }
    }
}
