package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import io.github.djlgan.api.config.LossKind;

/**
 * A matched pair of adversarial objectives, both pure functions of the discriminator's logits
 * {@code l}, where {@code D(x) = sigmoid(l(x))}.
 *
 * <p>Everything is written with {@code softplus(t) = log(1 + e^t)}, which the engines compute
 * stably for any logit: {@code -log D = softplus(-l)} and {@code -log(1 - D) = softplus(l)}. No
 * sigmoid is followed by a log, so logits of +-100 give exact, finite losses and gradients.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, equation 1 and section
 *     3</a>
 */
public interface GanLoss {

    /**
     * The discriminator's loss, the binary cross-entropy of real against generated samples, i.e.
     * the negated value V(D, G) of the paper's game:
     *
     * <pre>L_D = -E[log D(x)] - E[log(1 - D(G(z)))] = mean(softplus(-l_real)) + mean(softplus(l_fake))</pre>
     *
     * @param realLogits D's logits on a real minibatch
     * @param fakeLogits D's logits on a generated minibatch
     * @return the scalar loss
     */
    default NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return Activation.softPlus(realLogits.neg()).mean().add(Activation.softPlus(fakeLogits).mean());
    }

    /**
     * The generator's loss on D's logits for a generated minibatch.
     *
     * @param fakeLogits D's logits on G(z)
     * @return the scalar loss
     */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Returns the objectives of a loss named in the configuration.
     *
     * @param kind the loss
     * @return its objectives
     */
    static GanLoss of(LossKind kind) {
        return switch (kind) {
            case MINIMAX -> new MinimaxLoss();
            case NON_SATURATING -> new NonSaturatingLoss();
        };
    }
}
