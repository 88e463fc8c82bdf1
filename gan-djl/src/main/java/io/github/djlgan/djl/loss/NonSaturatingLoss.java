package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The paper's practical generator objective: maximise {@code log D(G(z))} instead of minimising
 * {@code log(1 - D(G(z)))}; same fixed point, strong gradients early in training. D minimises the
 * binary cross-entropy ({@link GanLoss#binaryCrossEntropy}).
 *
 * <pre>L_G = -E[log D(G(z))] = mean(softplus(-l_fake))</pre>
 *
 * @param realTarget the probability D is taught to give real samples, 1 unless smoothed
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, section 3</a>
 */
public record NonSaturatingLoss(float realTarget) implements GanLoss {

    /** The loss with D's real target 1, unsmoothed. */
    public NonSaturatingLoss() {
        this(1f);
    }

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return GanLoss.binaryCrossEntropy(realLogits, fakeLogits, realTarget);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits.neg()).mean();
    }
}
