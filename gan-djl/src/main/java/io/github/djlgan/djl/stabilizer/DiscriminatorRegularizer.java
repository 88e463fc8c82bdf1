package io.github.djlgan.djl.stabilizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.function.Function;

/**
 * A term added to the discriminator's loss in each discriminator update, computed from what D saw
 * in that update: gradient penalties such as WGAN-GP (Gulrajani et al. 2017, equation 3, on
 * interpolates between real and generated samples) or R1 (Mescheder et al. 2018, equation 9, on
 * real samples) are regularisers.
 *
 * <p>The term is added to the adversarial D loss before the backward pass, so its gradient reaches
 * D's parameters; the D loss in the logged statistics includes it. A regulariser that needs D at
 * other points (interpolates) or the gradient of D with respect to its input evaluates D itself
 * through {@code discriminator}, on inputs it prepares (for example a copy that requires a
 * gradient), inside the update's gradient collector.
 */
public interface DiscriminatorRegularizer extends DiscriminatorStabilizer {

    /**
     * Computes the term.
     *
     * @param discriminator D's forward pass in training mode: its input {@code (x)} or {@code (x,
     *     labels)} to its logits, shape {@code (batch)} or {@code (batch, 1)}
     * @param real D's real input as D judged it (after the input transforms): {@code (x)} or
     *     {@code (x, labels)}
     * @param fake D's generated input as D judged it, detached from G: {@code (G(z))} or {@code
     *     (G(z), labels)}
     * @param realLogits D's logits on {@code real}
     * @param fakeLogits D's logits on {@code fake}
     * @return a scalar in the step's manager, to be added to D's loss
     */
    NDArray penalty(
            Function<NDList, NDArray> discriminator,
            NDList real,
            NDList fake,
            NDArray realLogits,
            NDArray fakeLogits);
}
