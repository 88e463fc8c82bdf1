package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.tracker.Tracker;

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
 * trained with SGD and momentum). The momentum may follow a DJL {@link Tracker} of the update
 * number, as the paper's, which rises linearly from 0.5 to 0.7 (its MomentumAdjustor); update t
 * (from 1) uses the tracker's value at t - 1, so the first update uses the initial momentum.
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

    private final Tracker momentum;
    /** False only for a constant momentum of 0, plain SGD, which needs no velocity. */
    private final boolean keepsVelocity;

    private SgdOptimizer(Builder builder) {
        super(builder, List.of(VELOCITY));
        this.momentum = builder.momentum;
        this.keepsVelocity = builder.keepsVelocity;
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
        int t = updateCount(parameterId);
        float learningRate = learningRate(parameterId, t);
        float currentMomentum = momentum.getNewValue(t - 1);
        // State arrays are made outside the scope, which closes what is created in it.
        NDArray velocity = keepsVelocity ? state(VELOCITY, parameterId, weight) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray step = effectiveGradient(weight, grad).muli(learningRate);
            if (velocity != null) {
                velocity.muli(currentMomentum).addi(step);
                weight.subi(velocity);
            } else {
                weight.subi(step);
            }
            clearGradient(weight);
        }
    }

    /** Builds an {@link SgdOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private Tracker momentum = Tracker.fixed(0f);
        private boolean keepsVelocity;

        Builder() {}

        /**
         * Sets a constant momentum.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = Tracker.fixed(momentum);
            this.keepsVelocity = momentum != 0f;
            return this;
        }

        /**
         * Sets a momentum that changes with the update number.
         *
         * @param momentum the momentum of each update number (from 0), each in [0, 1)
         * @return this builder
         */
        public Builder optMomentumTracker(Tracker momentum) {
            this.momentum = momentum;
            this.keepsVelocity = true;
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
