package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The paper's minimax game: D minimises the binary cross-entropy ({@link
 * GanLoss#binaryCrossEntropy}), G minimises what D maximises,
 *
 * <pre>L_G = E[log(1 - D(G(z)))] = -mean(softplus(l_fake))</pre>
 *
 * <p>It saturates: when D rejects fakes with confidence, {@code l_fake} is very negative and the
 * gradient {@code -sigmoid(l_fake)} vanishes.
 *
 * @param realTarget the probability D is taught to give real samples, 1 unless smoothed
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, equation 1</a>
 */
public record MinimaxLoss(float realTarget) implements GanLoss {

    /** The loss with D's real target 1, unsmoothed. */
    public MinimaxLoss() {
        this(1f);
    }

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return GanLoss.binaryCrossEntropy(realLogits, fakeLogits, realTarget);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits).mean().neg();
    }
}
