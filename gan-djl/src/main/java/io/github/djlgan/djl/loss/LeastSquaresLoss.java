package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;

/**
 * Least squares GAN (LSGAN) with the 0-1 coding {@code a = 0, b = 1, c = 1} of Mao et al.
 * (2017), equation 9: D's raw output (no sigmoid) is regressed to b on real and a on fake
 * samples, G pulls it to c on fakes.
 *
 * <pre>
 * L_D = 1/2 mean((l_real - b)^2) + 1/2 mean((l_fake - a)^2)
 * L_G = 1/2 mean((l_fake - c)^2)
 * </pre>
 *
 * <p>The squared error does not saturate far from the decision boundary, so fakes far from the
 * data still get gradients. With label smoothing {@code b = realTarget < 1}.
 *
 * @param realTarget b, the value D is taught to give real samples, 1 unless smoothed
 * @see <a href="https://arxiv.org/abs/1611.04076">Mao et al. 2017, equation 9</a>
 */
public record LeastSquaresLoss(float realTarget) implements GanLoss {

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return realLogits.sub(realTarget).square().mean()
                .add(fakeLogits.square().mean())
                .mul(0.5f);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.sub(1f).square().mean().mul(0.5f);
    }
}
