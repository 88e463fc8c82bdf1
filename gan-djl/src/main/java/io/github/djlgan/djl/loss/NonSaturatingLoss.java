package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The paper's practical generator objective: maximise {@code log D(G(z))} instead of minimising
 * {@code log(1 - D(G(z)))}; same fixed point, strong gradients early in training.
 *
 * <pre>L_G = -E[log D(G(z))] = mean(softplus(-l_fake))</pre>
 */
public final class NonSaturatingLoss implements GanLoss {

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits.neg()).mean();
    }
}
