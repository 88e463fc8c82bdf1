package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;

/**
 * The Wasserstein GAN (Arjovsky et al. 2017): D is a critic f whose difference of means on real
 * and generated samples estimates the earth mover's distance, provided f is kept K-Lipschitz. The
 * paper keeps it so by clipping the critic's weights to [-c, c] after each update ({@code
 * weightClip} among the stabilisers; c = 0.01 by default for this loss), with k = 5 critic updates
 * per generator update and RMSProp at 5e-5.
 *
 * <pre>
 * L_D = mean(f(G(z))) - mean(f(x))
 * L_G = -mean(f(G(z)))
 * </pre>
 *
 * <p>The gradient-penalty variant (WGAN-GP, Gulrajani et al. 2017) is this loss with the {@code
 * wgan-gp} penalty ({@link io.github.djlgan.djl.penalty.GradientPenalty}) in place of clipping;
 * with both set, the defaults become that paper's (Adam at 1e-4, beta1 0, beta2 0.9, k = 5, no
 * clipping; {@code ConfigDefaults}).
 *
 * @see <a href="https://arxiv.org/abs/1701.07875">Arjovsky et al. 2017, Algorithm 1</a>
 */
public record WassersteinLoss() implements GanLoss {

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return fakeLogits.mean().sub(realLogits.mean());
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.mean().neg();
    }
}
