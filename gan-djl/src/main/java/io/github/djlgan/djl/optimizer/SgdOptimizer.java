package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.List;

/**
 * Stochastic gradient descent with momentum, DJL's update rule with saveable state. With g the
 * gradient (after DJL's rescaling and clipping, plus weight decay times w) and lr the learning rate:
 *
 * <pre>
 * u = momentum * u + lr * g
 * w = w - u
 * </pre>
 *
 * (with momentum 0, simply w = w - lr * g). This is the paper's optimiser (Goodfellow et al. 2014
 * trained with SGD and momentum).
 *
 * <p>The rule is written in NDArray operations rather than the engines' fused kernels that DJL's
 * {@link ai.djl.training.optimizer.Sgd} calls: those keep the velocity with opposite signs (MXNet
 * stores -u), so their state would not carry from one engine to the other. The weights are the
 * same as DJL's, which a test checks; the gradient is cleared after the update, as the fused
 * kernels do.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014</a>
 */
public final class SgdOptimizer extends StatefulOptimizer {

    /** The state name of the velocity u. */
    public static final String VELOCITY = "velocity";

    private final float momentum;

    private SgdOptimizer(Builder builder) {
        super(builder, List.of(VELOCITY));
        this.momentum = builder.momentum;
    }

    /**
     * Returns a builder.
     *
     * @return a builder, momentum 0 unless set
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String kind() {
        return "sgd";
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float learningRate = learningRate(parameterId, updateCount(parameterId));
        // State arrays are made outside the scope, which closes what is created in it.
        NDArray velocity = momentum != 0f ? state(VELOCITY, parameterId, weight) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray step = effectiveGradient(weight, grad).muli(learningRate);
            if (velocity != null) {
                velocity.muli(momentum).addi(step);
                weight.subi(velocity);
            } else {
                weight.subi(step);
            }
            clearGradient(weight);
        }
    }

    /** Builds an {@link SgdOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private float momentum;

        Builder() {}

        /**
         * Sets the momentum.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
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
        public SgdOptimizer build() {
            return new SgdOptimizer(this);
        }
    }
}
