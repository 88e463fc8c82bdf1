package io.github.djlgan.api.event;

/**
 * What training did over the steps since the previous report, averaged over those steps. The
 * engine is asked for these numbers only at the log interval, so reporting costs no host
 * synchronisation per step.
 *
 * @param step the number of generator updates made so far
 * @param steps how many steps the averages cover
 * @param discriminatorLoss the mean discriminator loss L_D of the run's {@link
 *     io.github.djlgan.api.config.LossKind}, on D's logits l: for {@code minimax} and {@code
 *     non-saturating} the binary cross-entropy of real against fake, in nats ({@code log 4} at
 *     D = 1/2); for {@code least-squares} {@code 1/2 mean((l_real - 1)^2) + 1/2 mean(l_fake^2)};
 *     for {@code hinge} {@code mean(relu(1 - l_real)) + mean(relu(1 + l_fake))}; for {@code
 *     wasserstein} the critic's {@code mean(l_fake) - mean(l_real)}, the negative of its estimate
 *     of the earth mover's distance (unbounded, no unit)
 * @param generatorLoss the mean generator loss L_G of the same loss kind
 * @param realScore the mean of D(x) on real minibatches
 * @param fakeScore the mean of D(G(z)) on generated minibatches, seen by the discriminator step
 * @param millisPerStep the mean wall-clock time of one step
 */
public record StepStats(
        long step,
        long steps,
        double discriminatorLoss,
        double generatorLoss,
        double realScore,
        double fakeScore,
        double millisPerStep) {

    /**
     * Tells whether every loss and score is a finite number.
     *
     * @return false once training has produced NaN or infinity
     */
    public boolean isFinite() {
        return Double.isFinite(discriminatorLoss)
                && Double.isFinite(generatorLoss)
                && Double.isFinite(realScore)
                && Double.isFinite(fakeScore);
    }
}
