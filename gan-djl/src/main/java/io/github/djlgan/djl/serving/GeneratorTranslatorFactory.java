package io.github.djlgan.djl.serving;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;

import io.github.djlgan.api.config.TrainingConfig;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes the translators of a generator model directory, for DJL's model loader (named by {@code
 * translatorFactory} in the directory's {@code serving.properties}).
 *
 * <p>Inputs: {@link GeneratorInput} (a seed or z, and a label for a conditional generator), a
 * seed as {@link Long}, or z as an {@link NDArray} of the latent size. Outputs: {@link Image} for
 * image generators, {@code float[]} (the sample's values) for any generator.
 */
public class GeneratorTranslatorFactory implements TranslatorFactory {

    private static final Set<Class<?>> INPUTS = Set.of(GeneratorInput.class, Long.class,
            NDArray.class);
    private static final Set<Class<?>> OUTPUTS = Set.of(Image.class, float[].class);

    /** Creates the factory; DJL instantiates it by name. */
    public GeneratorTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        Set<Pair<Type, Type>> types = new LinkedHashSet<>();
        for (Class<?> input : INPUTS) {
            for (Class<?> output : OUTPUTS) {
                types.add(new Pair<>(input, output));
            }
        }
        return types;
    }

    @Override
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException(
                    "A generator translates GeneratorInput, Long or NDArray to Image or float[], not "
                            + input.getSimpleName()
                            + " to "
                            + output.getSimpleName());
        }
        TrainingConfig config;
        try {
            config = GeneratorModel.config(model.getModelPath());
        } catch (IOException e) {
            throw new TranslateException("Cannot read the generator's configuration", e);
        }
        if (output == Image.class && !config.data().datasetSpec().isImage()) {
            throw new TranslateException(
                    "This generator draws points of " + config.data().dataset()
                    + "; ask for float[]");
        }
        return new GeneratorTranslator<>(config, request(input), output);
    }

    private static <I> Function<I, GeneratorInput> request(Class<I> input) {
        if (input == Long.class) {
            return seed -> GeneratorInput.ofSeed((Long) seed);
        }
        if (input == NDArray.class) {
            return z -> GeneratorInput.ofLatent(((NDArray) z).toFloatArray());
        }
        return GeneratorInput.class::cast;
    }
}
