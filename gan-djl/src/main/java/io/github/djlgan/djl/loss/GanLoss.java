package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import io.github.djlgan.api.config.LossKind;

/**
 * A matched pair of adversarial objectives, both pure functions of the discriminator's logits
 * {@code l} (its raw, unbounded output; the cross-entropy losses read it as {@code D(x) =
 * sigmoid(l(x))}). Both are minimised: D by the discriminator's optimiser, G by the generator's.
 *
 * <p>The losses, selected by name through {@link #of}:
 *
 * <table>
 *   <caption>Losses</caption>
 *   <tr><th>name</th><th>L_D</th><th>L_G</th></tr>
 *   <tr><td>minimax</td><td>BCE</td><td>{@code -mean(softplus(l_fake))}</td></tr>
 *   <tr><td>non-saturating</td><td>BCE</td><td>{@code mean(softplus(-l_fake))}</td></tr>
 *   <tr><td>least-squares</td><td>{@code mean((l_real - t)^2)/2 + mean(l_fake^2)/2}</td>
 *       <td>{@code mean((l_fake - 1)^2)/2}</td></tr>
 *   <tr><td>hinge</td><td>{@code mean(relu(1 - l_real)) + mean(relu(1 + l_fake))}</td>
 *       <td>{@code -mean(l_fake)}</td></tr>
 *   <tr><td>wasserstein</td><td>{@code mean(l_fake) - mean(l_real)}</td>
 *       <td>{@code -mean(l_fake)}</td></tr>
 * </table>
 *
 * <p>BCE is {@link #binaryCrossEntropy}; {@code t} is the real target, 1 unless smoothed.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, equation 1 and section
 *     3</a>
 */
public interface GanLoss {

    /**
     * The discriminator's loss on a real and a generated minibatch.
     *
     * @param realLogits D's logits on a real minibatch
     * @param fakeLogits D's logits on a generated minibatch
     * @return the scalar loss
     */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /**
     * The generator's loss on D's logits for a generated minibatch.
     *
     * @param fakeLogits D's logits on G(z)
     * @return the scalar loss
     */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Returns the objectives of a loss named in the configuration, with unsmoothed targets.
     *
     * @param kind the loss
     * @return its objectives
     */
    static GanLoss of(LossKind kind) {
        return of(kind, 0);
    }

    /**
     * Returns the objectives of a loss named in the configuration, D's real target lowered to
     * {@code 1 - labelSmoothing} (one-sided label smoothing, Salimans et al. 2016).
     *
     * @param kind the loss
     * @param labelSmoothing s in [0, 1); must be 0 for a loss without a real target
     * @return its objectives
     * @throws IllegalArgumentException if smoothing is asked of a loss without a real target
     * @see <a href="https://arxiv.org/abs/1606.03498">Salimans et al. 2016, section 3.4</a>
     */
    static GanLoss of(LossKind kind, double labelSmoothing) {
        if (labelSmoothing != 0 && !kind.hasRealTarget()) {
            throw new IllegalArgumentException(
                    "label smoothing does not apply to the " + kind + " loss");
        }
        float realTarget = (float) (1 - labelSmoothing);
        return switch (kind) {
            case MINIMAX -> new MinimaxLoss(realTarget);
            case NON_SATURATING -> new NonSaturatingLoss(realTarget);
            case LEAST_SQUARES -> new LeastSquaresLoss(realTarget);
            case HINGE -> new HingeLoss();
            case WASSERSTEIN -> new WassersteinLoss();
        };
    }

    /**
     * The binary cross-entropy of real against generated samples with real target {@code t}, the
     * negated value V(D, G) of the paper's game when {@code t = 1}, written with {@code
     * softplus(u) = log(1 + e^u)}, which the engines compute stably for any logit: {@code -log D =
     * softplus(-l)} and {@code -log(1 - D) = softplus(l)}. No sigmoid is followed by a log, so
     * logits of +-100 give exact, finite losses and gradients.
     *
     * <pre>
     * L_D = -E[t log D(x) + (1 - t) log(1 - D(x))] - E[log(1 - D(G(z)))]
     *     = t mean(softplus(-l_real)) + (1 - t) mean(softplus(l_real)) + mean(softplus(l_fake))
     * </pre>
     *
     * @param realLogits D's logits on a real minibatch
     * @param fakeLogits D's logits on a generated minibatch
     * @param realTarget t, the probability D is taught to give real samples
     * @return the scalar loss
     */
    static NDArray binaryCrossEntropy(NDArray realLogits, NDArray fakeLogits, float realTarget) {
        NDArray real = Activation.softPlus(realLogits.neg()).mean();
        if (realTarget != 1f) {
            real = real.mul(realTarget)
                    .add(Activation.softPlus(realLogits).mean().mul(1 - realTarget));
        }
        return real.add(Activation.softPlus(fakeLogits).mean());
    }
}
