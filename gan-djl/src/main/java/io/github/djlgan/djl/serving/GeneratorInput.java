package io.github.djlgan.djl.serving;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a generator is asked for: a latent vector z, given or drawn from the model's noise prior
 * with a seed (the same seed gives the same z on every engine), and, for a conditional
 * generator, the class to draw.
 */
public final class GeneratorInput {

    /** The name of G's latent input z, in the translator and in an exported ONNX model. */
    public static final String LATENT_NAME = "z";

    /** The name of a conditional G's class input (int64), likewise. */
    public static final String LABEL_NAME = "label";

    private final Long seed;
    private final float[] latent;
    private final Integer label;

    private GeneratorInput(Long seed, float[] latent, Integer label) {
        this.seed = seed;
        this.latent = latent;
        this.label = label;
    }

    /**
     * Asks for the sample of a seed: z is drawn from the model's prior with it.
     *
     * @param seed the seed
     * @return the input
     */
    public static GeneratorInput ofSeed(long seed) {
        return new GeneratorInput(seed, null, null);
    }

    /**
     * Asks for G(z) of a given latent vector.
     *
     * @param latent z, of the model's latent size
     * @return the input
     */
    public static GeneratorInput ofLatent(float... latent) {
        return new GeneratorInput(null, Objects.requireNonNull(latent, "latent").clone(), null);
    }

    /**
     * Returns this input with a class label, for a conditional generator.
     *
     * @param classLabel the class, from 0
     * @return a new input
     */
    public GeneratorInput withLabel(int classLabel) {
        return new GeneratorInput(seed, latent, classLabel);
    }

    /**
     * Returns the seed, if z is to be drawn.
     *
     * @return the seed, or null when z is given
     */
    public Long seed() {
        return seed;
    }

    /**
     * Returns z, if given.
     *
     * @return a copy of z, or null when it is to be drawn from the seed
     */
    public float[] latent() {
        return latent == null ? null : latent.clone();
    }

    /**
     * Returns the class label.
     *
     * @return the label, or null for an unconditional generator
     */
    public Integer label() {
        return label;
    }

    @Override
    public String toString() {
        return (seed != null ? "seed " + seed : "z " + Arrays.toString(latent))
                + (label != null ? ", label " + label : "");
    }
}
