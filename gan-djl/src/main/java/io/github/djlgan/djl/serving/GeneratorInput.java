package io.github.djlgan.djl.serving;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a generator is asked for: a latent vector z, given or drawn from the model's noise prior
 * with a seed (the same seed gives the same z on every engine), and, for a conditional
 * generator, the class to draw: by its label ({@link #withLabel}) or by its name or number as
 * text ({@link #withClass}), the names being those in the model directory's {@code synset.txt}.
 */
public final class GeneratorInput {

    /** The name of G's latent input z, in the translator and in an exported ONNX model. */
    public static final String LATENT_NAME = "z";

    /** The name of a conditional G's class input (int64), likewise. */
    public static final String LABEL_NAME = "label";

    private final Long seed;
    private final float[] latent;
    private final Integer label;
    private final String className;

    private GeneratorInput(Long seed, float[] latent, Integer label, String className) {
        this.seed = seed;
        this.latent = latent;
        this.label = label;
        this.className = className;
    }

    /**
     * Asks for the sample of a seed: z is drawn from the model's prior with it.
     *
     * @param seed the seed
     * @return the input
     */
    public static GeneratorInput ofSeed(long seed) {
        return new GeneratorInput(seed, null, null, null);
    }

    /**
     * Asks for G(z) of a given latent vector.
     *
     * @param latent z, of the model's latent size
     * @return the input
     */
    public static GeneratorInput ofLatent(float... latent) {
        return new GeneratorInput(
                null, Objects.requireNonNull(latent, "latent").clone(), null, null);
    }

    /**
     * Returns this input with a class label, for a conditional generator.
     *
     * @param classLabel the class, from 0 (the translator refuses a label that is not a class)
     * @return a new input, asking for no class by name
     */
    public GeneratorInput withLabel(int classLabel) {
        return new GeneratorInput(seed, latent, classLabel, null);
    }

    /**
     * Returns this input with a class asked for by name, for a conditional generator: a name of
     * the model's classes ({@code synset.txt}, matched exactly, else ignoring case where that
     * finds one), else a label's number such as {@code "3"}; see {@link
     * io.github.djlgan.api.data.ClassNames#label(String)}. Generators saved without names know
     * their classes by number only.
     *
     * @param classOrNumber the class's name, or its label as text
     * @return a new input, asking for no class by label
     */
    public GeneratorInput withClass(String classOrNumber) {
        return new GeneratorInput(
                seed, latent, null, Objects.requireNonNull(classOrNumber, "classOrNumber"));
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
     * @return the label given to {@link #withLabel}, or null
     */
    public Integer label() {
        return label;
    }

    /**
     * Returns the class asked for by name or number.
     *
     * @return the text given to {@link #withClass}, or null
     */
    public String className() {
        return className;
    }

    /**
     * Tells whether a class is asked for, by label or by name.
     *
     * @return whether {@link #label()} or {@link #className()} is set
     */
    public boolean asksForClass() {
        return label != null || className != null;
    }

    @Override
    public String toString() {
        return (seed != null ? "seed " + seed : "z " + Arrays.toString(latent))
                + (label != null ? ", label " + label : "")
                + (className != null ? ", class \"" + className + "\"" : "");
    }
}
