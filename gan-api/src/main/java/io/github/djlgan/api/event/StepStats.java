package io.github.djlgan.api.event;

/**
 * What training did over the steps since the previous report, averaged over those steps. The
 * engine is asked for these numbers only at the log interval, so reporting costs no host
 * synchronisation per step.
 *
 * @param step the number of generator updates made so far
 * @param steps how many steps the averages cover
 * @param discriminatorLoss the mean discriminator loss (binary cross-entropy, nats)
 * @param generatorLoss the mean generator loss
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
