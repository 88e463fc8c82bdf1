package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with DJL's update rule and saveable state. With g the gradient (after
 * DJL's rescaling and clipping, plus weight decay times w), t the update number and lr the learning
 * rate:
 *
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * w = w - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
 * </pre>
 *
 * <p>The update runs in the engine's fused Adam kernel, the one DJL's {@link
 * ai.djl.training.optimizer.Adam} calls, which also clears the gradient on engines that accumulate
 * it; the moments m and v are this class's, so they can be saved and restored.
 *
 * @see <a href="https://arxiv.org/abs/1412.6980">Kingma and Ba 2015, Algorithm 1</a>
 */
public final class AdamOptimizer extends StatefulOptimizer {

    /** The state name of the first moment m. */
    public static final String MEAN = "mean";
    /** The state name of the second moment v. */
    public static final String VARIANCE = "variance";

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    private AdamOptimizer(Builder builder) {
        super(builder, List.of(MEAN, VARIANCE));
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
    }

    /**
     * Returns a builder.
     *
     * @return a builder with DJL's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String kind() {
        return "adam";
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float learningRate = learningRate(parameterId, t);
        double coefficient1 = 1.0 - Math.pow(beta1, t);
        double coefficient2 = 1.0 - Math.pow(beta2, t);
        float corrected = (float) (learningRate * Math.sqrt(coefficient2) / coefficient1);
        NDList inputs =
                new NDList(
                        weight,
                        grad,
                        state(MEAN, parameterId, weight),
                        state(VARIANCE, parameterId, weight));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        learningRate,
                        corrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        epsilon,
                        true,
                        false);
    }

    /** Builds an {@link AdamOptimizer}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {

        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        Builder() {}

        /**
         * Sets the decay of the first moment.
         *
         * @param beta1 in [0, 1)
         * @return this builder
         */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /**
         * Sets the decay of the second moment.
         *
         * @param beta2 in [0, 1)
         * @return this builder
         */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets the term added to sqrt(v).
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
        public AdamOptimizer build() {
            return new AdamOptimizer(this);
        }
    }
}
