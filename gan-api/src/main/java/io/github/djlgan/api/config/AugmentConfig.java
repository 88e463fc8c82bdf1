package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Differentiable augmentation of every image the discriminator sees (DiffAugment, Zhao et al.
 * 2020), each augmentation applied to each sample with probability p, fixed or adapted by ADA's
 * overfitting heuristic (Karras et al. 2020, section 3).
 *
 * <p>With a {@code target}, p starts at 0 and every {@code adaInterval} discriminator updates
 * moves by {@code sign(r_t - target) * (adaInterval * batch) / adaRampImages}, clamped to [0, 1],
 * where {@code r_t = E[sign(D(x_real))]} over those updates; {@code probability} is then unused.
 * Without one, p is {@code probability} throughout.
 *
 * <p>Defaults and their sources: p = 1 without a target (DiffAugment applies its policy to every
 * image, Zhao et al. section 3); target 0.6, interval 4 minibatches and 500,000 images for p to go
 * from 0 to 1 (Karras et al. section 3: "adjust p once every four minibatches", "p can rise from 0
 * to 1 sufficiently quickly, e.g., in 500k images", r_t target 0.6; StyleGAN2-ADA's {@code
 * ada_target=0.6, ada_interval=4, ada_kimg=500}).
 *
 * @param kinds the augmentations, applied in the order colour, translation, cutout; empty for none
 * @param probability the fixed p, in [0, 1]; unused when {@code target} is present
 * @param target ADA's target for r_t, in (0, 1); empty for a fixed p
 * @param adaInterval how many discriminator updates between adjustments of p, at least 1
 * @param adaRampImages how many real images p needs to rise from 0 to 1, at least 1
 * @see <a href="https://arxiv.org/abs/2006.10738">Zhao et al. 2020, DiffAugment</a>
 * @see <a href="https://arxiv.org/abs/2006.06676">Karras et al. 2020, Training Generative
 *     Adversarial Networks with Limited Data, section 3</a>
 */
public record AugmentConfig(
        Set<AugmentKind> kinds,
        double probability,
        OptionalDouble target,
        int adaInterval,
        long adaRampImages) {

    /** DiffAugment's p: every image, every augmentation. */
    public static final double DEFAULT_PROBABILITY = 1;

    /** ADA's target for r_t = E[sign(D(x_real))] (Karras et al. 2020, section 3). */
    public static final double DEFAULT_TARGET = 0.6;

    /** ADA adjusts p once every four minibatches (Karras et al. 2020, section 3). */
    public static final int DEFAULT_ADA_INTERVAL = 4;

    /** ADA's speed: p can go from 0 to 1 in 500k images (Karras et al. 2020, section 3). */
    public static final long DEFAULT_ADA_RAMP_IMAGES = 500_000;

    /** No augmentation. */
    public static final AugmentConfig NONE =
            fixed(EnumSet.noneOf(AugmentKind.class), DEFAULT_PROBABILITY);

    /**
     * Validates every field and keeps an unmodifiable copy of the kinds.
     *
     * @throws InvalidInputException naming the field and the bad value
     */
    public AugmentConfig {
        if (kinds == null || target == null) {
            throw new InvalidInputException("kinds and target must be given (empty for none)");
        }
        Set<AugmentKind> copy = EnumSet.noneOf(AugmentKind.class);
        copy.addAll(kinds);
        kinds = Collections.unmodifiableSet(copy);
        if (!(probability >= 0 && probability <= 1)) {
            throw new InvalidInputException(
                    "augment probability must be in [0, 1], got " + probability);
        }
        if (target.isPresent() && !(target.getAsDouble() > 0 && target.getAsDouble() < 1)) {
            throw new InvalidInputException(
                    "augment target must be in (0, 1), got " + target.getAsDouble());
        }
        Check.atLeast("adaInterval", adaInterval, 1);
        Check.atLeast("adaRampImages", adaRampImages, 1);
    }

    /**
     * Returns DiffAugment with a fixed probability.
     *
     * @param kinds the augmentations
     * @param probability p, in [0, 1]
     * @return the settings
     */
    public static AugmentConfig fixed(Set<AugmentKind> kinds, double probability) {
        return new AugmentConfig(
                kinds,
                probability,
                OptionalDouble.empty(),
                DEFAULT_ADA_INTERVAL,
                DEFAULT_ADA_RAMP_IMAGES);
    }

    /**
     * Returns the augmentations with ADA's adaptive probability at the paper's speed.
     *
     * @param kinds the augmentations
     * @param target the target for r_t, in (0, 1); {@link #DEFAULT_TARGET} is the paper's
     * @return the settings
     */
    public static AugmentConfig adaptive(Set<AugmentKind> kinds, double target) {
        return new AugmentConfig(
                kinds,
                DEFAULT_PROBABILITY,
                OptionalDouble.of(target),
                DEFAULT_ADA_INTERVAL,
                DEFAULT_ADA_RAMP_IMAGES);
    }

    /**
     * Tells whether any augmentation is applied.
     *
     * @return whether {@link #kinds} is not empty
     */
    public boolean enabled() {
        return !kinds.isEmpty();
    }

    /**
     * Tells whether p is adapted by ADA's heuristic.
     *
     * @return whether a target is present
     */
    public boolean adaptive() {
        return target.isPresent();
    }
}
