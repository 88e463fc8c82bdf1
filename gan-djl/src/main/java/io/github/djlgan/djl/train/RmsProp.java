package io.github.djlgan.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSProp (Tieleman and Hinton 2012) in engine-neutral NDArray operations, as PyTorch's {@code
 * torch.optim.RMSprop} computes it (non-centred), for every parameter w with gradient g:
 *
 * <pre>
 * v &lt;- rho v + (1 - rho) g^2
 * b &lt;- momentum b + g / (sqrt(v) + epsilon)
 * w &lt;- w - lr b
 * </pre>
 *
 * <p>DJL's own {@code Optimizer.rmsprop()} calls an engine kernel that its PyTorch engine does not
 * implement; this one computes the step itself and applies it through the engines' plain SGD
 * update, which on PyTorch also clears the parameter's accumulated gradient as DJL's built-in
 * optimisers do.
 *
 * @see <a href="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf">
 *     Tieleman and Hinton 2012, lecture 6.5</a>
 */
public final class RmsProp extends Optimizer {

    private final Tracker learningRateTracker;
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> meanSquares = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> momenta = new ConcurrentHashMap<>();

    private RmsProp(Builder builder) {
        super(builder);
        this.learningRateTracker = builder.learningRateTracker;
        this.rho = builder.rho;
        this.momentum = builder.momentum;
        this.epsilon = builder.epsilon;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float learningRate = learningRateTracker.getNewValue(parameterId, t);
        if (!Float.isFinite(learningRate)) {
            throw new IllegalStateException("learning rate is " + learningRate);
        }
        NDArray meanSquare =
                withDefaultState(meanSquares, parameterId, weight.getDevice(),
                        k -> weight.zerosLike());
        try (NDArray gradient = grad.mul(rescaleGrad);
                NDArray squared = gradient.square()) {
            meanSquare.muli(rho).addi(squared.muli(1 - rho));
            try (NDArray root = meanSquare.sqrt();
                    NDArray step = gradient.div(root.addi(epsilon))) {
                NDArray direction = step;
                if (momentum != 0) {
                    direction =
                            withDefaultState(momenta, parameterId, weight.getDevice(),
                                    k -> weight.zerosLike());
                    direction.muli(momentum).addi(step);
                }
                weight.getNDArrayInternal()
                        .sgdUpdate(
                                new NDList(weight, direction),
                                new NDList(weight),
                                learningRate,
                                getWeightDecay(),
                                1f,
                                clipGrad,
                                0f,
                                false);
            }
        }
    }

    /** Builds an {@link RmsProp}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Tracker learningRateTracker = Tracker.fixed(1e-3f);
        private float rho = 0.99f;
        private float momentum;
        private float epsilon = 1e-8f;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning rate's schedule. Default a fixed 1e-3.
         *
         * @param learningRateTracker the schedule
         * @return this builder
         */
        public Builder optLearningRateTracker(Tracker learningRateTracker) {
            this.learningRateTracker = learningRateTracker;
            return this;
        }

        /**
         * Sets rho, the decay of the squared-gradient average. Default 0.99.
         *
         * @param rho in [0, 1)
         * @return this builder
         */
        public Builder optRho(float rho) {
            this.rho = rho;
            return this;
        }

        /**
         * Sets the momentum. Default 0.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets epsilon, added to the root of the squared-gradient average. Default 1e-8.
         *
         * @param epsilon positive
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Builds the optimiser.
         *
         * @return the optimiser
         */
        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
