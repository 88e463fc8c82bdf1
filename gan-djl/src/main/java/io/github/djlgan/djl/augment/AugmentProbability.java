package io.github.djlgan.djl.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.djlgan.djl.stabilizer.DiscriminatorStabilizer;

/**
 * The probability p with which each augmentation applies to each sample (ADA's per-sample,
 * per-augmentation gate, Karras et al. 2020, section 2.3): fixed ({@link #fixed}) or adapted to
 * how D judges real images ({@link AdaptiveProbability}). Its state takes part in the trainer's
 * checkpoints through the {@link DiscriminatorStabilizer} methods, which {@link DiffAugment}
 * passes on.
 *
 * @see <a href="https://arxiv.org/abs/2006.06676">Karras et al. 2020, Training Generative
 *     Adversarial Networks with Limited Data</a>
 */
public interface AugmentProbability extends DiscriminatorStabilizer {

    /**
     * Opens the gates of a minibatch: 1 where the sample's uniform number is below p, else 0.
     * Reads nothing back from the engine.
     *
     * @param manager the manager of the returned array (the step's)
     * @param uniforms one number in [0, 1) per sample
     * @return float32 0 or 1 of shape {@code (uniforms.length)}
     */
    NDArray gates(NDManager manager, float[] uniforms);

    /**
     * Returns p as it is now. An adaptive p lives on the engine: this reads it back (a host
     * synchronisation), so call it at a log interval, not every step.
     *
     * @return p, in [0, 1]
     */
    double value();

    /**
     * Returns a probability that never changes.
     *
     * @param probability p, in [0, 1]
     * @return the probability
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    static AugmentProbability fixed(double probability) {
        return new FixedProbability((float) probability);
    }
}
