package io.github.djlgan.api.config;

/**
 * How a gradient penalty obtains the gradient of D's output with respect to its input, {@code g =
 * grad_x D(x)}, per D output (one sample, or one pack of samples for a packed D).
 */
public enum PenaltyEstimator {
    /**
     * The exact gradient: by double backpropagation, where the engine differentiates D's backward
     * pass (each engine's module; MXNet 1.9 only for D made of fully connected layers), else, for
     * a perceptron D of linear layers and ReLU or LeakyReLU (the 2D data's MLP, packed or not), by
     * its input gradient written out as products of D's weights and its units' slopes, which
     * first-order backpropagation differentiates (so on every engine). Any other D on an engine
     * that cannot differentiate it twice is refused. Serves every {@link PenaltyKind}.
     */
    EXACT("exact"),

    /**
     * For R1 and R2 only: an unbiased estimate of {@code ||g||^2} from a random direction, using
     * first-order backpropagation only, so it runs on every engine and every layer. With {@code v ~
     * N(0, I)} of the shape of one D input, {@code E_v[(g . v)^2] = ||g||^2}, and {@code g . v} is
     * the central difference {@code (D(x + h v) - D(x - h v)) / (2 h)} (h = {@link #STEP}), exact
     * up to {@code O(h^2)} times D's third derivative. Variance per D output {@code 2 ||g||^4} (a
     * relative standard deviation of sqrt 2), averaged over the minibatch.
     *
     * <p>The parameter gradient of {@code (g . v)^2} is unbiased for that of {@code ||g||^2} where
     * D is smooth (v does not depend on the parameters; measured on a tanh MLP: within 0.6% of the
     * exact gradient). For a piecewise-linear D (LeakyReLU, ReLU, maxout: every built-in D) it is
     * not: where a kink lies between {@code x - h v} and {@code x + h v}, the difference quotient's
     * parameter gradient grows as 1/h on a share of order h of the samples, so the expected
     * gradient carries a term, not shrinking with h, for the motion of the kinks with the
     * parameters, which double backpropagation ignores (measured on the ring8 D: 57% of the exact
     * gradient's norm, in the hidden layers; docs/training.md). The penalty's value stays unbiased.
     *
     * <p>WGAN-GP and DRAGAN need {@code ||g||}, of which {@code (g . v)^2} gives no unbiased
     * estimate, so they refuse it. Cost: one D forward and backward on the 2N points {@code x +- h
     * v} instead of a double backward pass.
     */
    FINITE_DIFFERENCE("finite-difference");

    /**
     * The finite-difference estimator's step h, in D's input units (data scaled to about [-1, 1]).
     * Its error in {@code g . v} is {@code O(h^2)} times D's third derivative along v: zero for a
     * piecewise-linear D (LeakyReLU, ReLU, maxout) unless a kink lies within {@code h |v|} of x,
     * where it is bounded by the change of slope. float32 rounding of D's two outputs adds about
     * {@code 1e-7 |D| / h}.
     */
    public static final float STEP = 1e-2f;

    private final String id;

    PenaltyEstimator(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code finite-difference}
     */
    public String id() {
        return id;
    }

    /**
     * Looks up an estimator by its name.
     *
     * @param id the name, {@code exact} or {@code finite-difference}
     * @return the estimator
     * @throws io.github.djlgan.api.InvalidInputException if no estimator has that name
     */
    public static PenaltyEstimator fromId(String id) {
        return Names.find(values(), PenaltyEstimator::id, id, "penalty estimator");
    }

    @Override
    public String toString() {
        return id;
    }
}
