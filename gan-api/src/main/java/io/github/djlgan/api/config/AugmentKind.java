package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

import java.util.EnumSet;
import java.util.Set;

/**
 * The differentiable augmentations of DiffAugment's reference policy (Zhao et al. 2020, section
 * 3 and their code's {@code color,translation,cutout}), applied to every image the discriminator
 * sees. Their formulas are in {@code io.github.djlgan.djl.augment.AugmentOps}, which computes
 * them.
 *
 * @see <a href="https://arxiv.org/abs/2006.10738">Zhao et al. 2020, Differentiable Augmentation
 *     for Data-Efficient GAN Training</a>
 */
public enum AugmentKind {
    /**
     * Per sample: brightness shifted by b in [-0.5, 0.5) (in a [-1, 1] pixel range), saturation
     * scaled by s in [0, 2), contrast scaled by c in [0.5, 1.5).
     */
    COLOR("color"),

    /** Per sample: shifted by up to 1/8 of each side, uncovered pixels filled (zero padding). */
    TRANSLATION("translation"),

    /** Per sample: a square of half the side, at a random centre, filled (zeroed). */
    CUTOUT("cutout");

    private final String id;

    AugmentKind(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code cutout}
     */
    public String id() {
        return id;
    }

    /**
     * Looks up an augmentation by its name.
     *
     * @param id the name, for example {@code color}
     * @return the augmentation
     * @throws InvalidInputException if no augmentation has that name
     */
    public static AugmentKind fromId(String id) {
        return Names.find(values(), AugmentKind::id, id, "augmentation");
    }

    /**
     * Parses a comma-separated list of names, as {@code --augment color,translation,cutout}
     * gives it; blanks around names are ignored, repeats are merged.
     *
     * @param ids the names, for example {@code color,cutout}; blank for none
     * @return the augmentations, in their declaration order
     * @throws InvalidInputException if a name is unknown
     */
    public static Set<AugmentKind> parseList(String ids) {
        Set<AugmentKind> kinds = EnumSet.noneOf(AugmentKind.class);
        if (ids == null || ids.isBlank()) {
            return kinds;
        }
        for (String id : ids.split(",", -1)) {
            kinds.add(fromId(id.strip()));
        }
        return kinds;
    }

    @Override
    public String toString() {
        return id;
    }
}
