package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The paper's minimax game: G minimises what D maximises,
 *
 * <pre>L_G = E[log(1 - D(G(z)))] = -mean(softplus(l_fake))</pre>
 *
 * <p>It saturates: when D rejects fakes with confidence, {@code l_fake} is very negative and the
 * gradient {@code -sigmoid(l_fake)} vanishes.
 */
public final class MinimaxLoss implements GanLoss {

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits).mean().neg();
    }
}
