package io.github.djlgan.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The hinge loss of geometric GAN (Lim and Ye 2017), as used with spectral normalisation by
 * Miyato et al. (2018): D is a margin classifier, penalised only for real scores below 1 and fake
 * scores above -1; G raises D's score of its samples.
 *
 * <pre>
 * L_D = mean(relu(1 - l_real)) + mean(relu(1 + l_fake))
 * L_G = -mean(l_fake)
 * </pre>
 *
 * @see <a href="https://arxiv.org/abs/1705.02894">Lim and Ye 2017</a>
 * @see <a href="https://arxiv.org/abs/1802.05957">Miyato et al. 2018, equations 16 and 17</a>
 */
public record HingeLoss() implements GanLoss {

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return Activation.relu(realLogits.neg().add(1f)).mean()
                .add(Activation.relu(fakeLogits.add(1f)).mean());
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.mean().neg();
    }
}
