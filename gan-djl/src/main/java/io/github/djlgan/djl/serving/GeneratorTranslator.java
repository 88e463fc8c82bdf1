package io.github.djlgan.djl.serving;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.run.GanSetup;

import java.io.IOException;
import java.util.function.Function;

/**
 * Turns a request into G's input and G's output into an image or a point. Inputs are stacked into
 * one batch by host copies ({@link HostBatchifier}, so that DJL's OnnxRuntime engine needs no
 * other engine; named {@code z} and {@code label} as an exported model's inputs), so {@code
 * predictor.batchPredict} runs G once for many requests; the generator runs in inference mode (batch norm on its running statistics), so a
 * sample does not depend on the others in its batch.
 *
 * <p>A conditional generator's classes are asked for by label or by name: {@link #prepare} reads
 * the model directory's {@code synset.txt} as DJL's classification translators read theirs
 * ({@link GeneratorModel#classNames}), and {@link ClassNames#label(String)} finds the label; a
 * name or number that is no class is a {@link TranslateException} listing the classes.
 *
 * @param <I> the request: {@link GeneratorInput}, a seed ({@link Long}) or z ({@link NDArray})
 * @param <O> the answer: an {@link Image} (image generators) or the sample's values ({@code
 *     float[]})
 */
final class GeneratorTranslator<I, O> implements Translator<I, O> {

    /** Host copies only, so that the translator also runs on DJL's OnnxRuntime engine alone. */
    private static final Batchifier BATCHIFIER = new HostBatchifier();

    private final TrainingConfig config;
    private final Function<I, GeneratorInput> request;
    private final Class<O> output;
    private final Shape latentShape;
    /** The classes, named by the model directory's synset.txt; read in {@link #prepare}. */
    private ClassNames classes;

    GeneratorTranslator(
            TrainingConfig config, Function<I, GeneratorInput> request, Class<O> output) {
        this.config = config;
        this.request = request;
        this.output = output;
        this.latentShape = GanSetup.latentShape(config);
    }

    /** Reads the class names as DJL's classification translators read theirs: once, here. */
    @Override
    public void prepare(TranslatorContext ctx) throws IOException {
        try {
            classes = GeneratorModel.classNames(ctx.getModel().getModelPath(), config);
        } catch (InvalidInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public NDList processInput(TranslatorContext ctx, I input) throws TranslateException {
        GeneratorInput asked = request.apply(input);
        if (asked.asksForClass() && config.model().classes() == 0) {
            throw new TranslateException(
                    "This generator is not conditional; ask without a label (" + asked + ")");
        }
        if (!asked.asksForClass() && config.model().classes() > 0) {
            throw new TranslateException(
                    "This generator is conditional on "
                            + config.model().classes()
                            + " classes; ask with GeneratorInput.ofSeed(seed).withClass(name) or"
                            + " .withLabel(label); the classes are " + classes().describe());
        }
        Integer label = null;
        if (asked.asksForClass()) {
            try {
                label = asked.className() != null
                        ? classes().label(asked.className())
                        : classes().label((long) asked.label());
            } catch (InvalidInputException e) {
                throw new TranslateException(e.getMessage(), e);
            }
        }
        NDManager manager = ctx.getNDManager();
        NDList generatorInput;
        if (asked.seed() != null) {
            // Drawn on the host and created in z's shape: no operator runs on the engine.
            NoiseSource noise = GanSetup.noise(config, asked.seed());
            NDArray drawn = noise.next(manager, 1);
            generatorInput = new NDList(manager.create(drawn.toFloatArray(), latentShape));
            drawn.close();
        } else {
            float[] latent = asked.latent();
            if (latent.length != latentShape.size()) {
                throw new TranslateException(
                        "z has " + latent.length + " values; this generator takes " + latentShape);
            }
            generatorInput = new NDList(manager.create(latent, latentShape));
        }
        generatorInput.head().setName(GeneratorInput.LATENT_NAME);
        if (label != null) {
            // int64, as an exported generator's label input; the DJL blocks take any type.
            NDArray labelArray = manager.create(label.longValue());
            labelArray.setName(GeneratorInput.LABEL_NAME);
            generatorInput.add(labelArray);
        }
        return generatorInput;
    }

    /**
     * The classes: the model directory's, read by {@link #prepare}; where a caller drives the
     * translator without preparing it, those of the configuration.
     */
    private ClassNames classes() {
        return classes != null ? classes : config.model().labels();
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) {
        float[] values = list.singletonOrThrow().toFloatArray();
        if (output == Image.class) {
            return output.cast(
                    ImageFactory.getInstance()
                            .fromImage(
                                    ImageGrid.single(
                                            config.model().architecture().pixelRange(),
                                            values,
                                            config.data().channels(),
                                            config.data().imageSize())));
        }
        return output.cast(values);
    }

    @Override
    public Batchifier getBatchifier() {
        return BATCHIFIER;
    }
}
