package io.github.djlgan.djl.serving;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import ai.djl.translate.TranslateException;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class GeneratorModelTest {

    private static final String[] ENGINES = {"PyTorch", "MXNet"};
    private static final long[] SEEDS = {11, 12, 13};

    /**
     * A DCGAN generator saved by one engine loads through DJL's Criteria on both, and answers
     * seeds with the images G itself draws for the same z. Values may differ between engines by
     * float rounding (about 1e-6), so a pixel may round to the neighbouring byte: at most one level
     * apart, and nearly all pixels identical.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void imageGeneratorLoadsThroughCriteriaOnEitherEngine(String savingEngine)
            throws IOException, ModelNotFoundException, MalformedModelException,
                    TranslateException {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(savingEngine))
                        .optData(d -> d.optDataset("fashion-mnist"))
                        .optModel(m -> m.optHiddenWidth(16).optLatentDim(16))
                        .optSeed(3)
                        .build();
        Path directory = Files.createTempDirectory("generator-model").resolve("model");
        float[][] expected = save(config, directory);
        int pixels = config.data().imageSize() * config.data().imageSize();

        for (String engine : ENGINES) {
            Criteria<Long, Image> criteria =
                    Criteria.builder()
                            .setTypes(Long.class, Image.class)
                            .optModelPath(directory)
                            .optTranslatorFactory(new GeneratorTranslatorFactory())
                            .optEngine(engine)
                            .build();
            try (ZooModel<Long, Image> model = criteria.loadModel();
                    Predictor<Long, Image> predictor = model.newPredictor()) {
                List<Image> images =
                        predictor.batchPredict(List.of(SEEDS[0], SEEDS[1], SEEDS[2]));
                for (int i = 0; i < SEEDS.length; i++) {
                    BufferedImage want =
                            ImageGrid.single(
                                    config.model().architecture().pixelRange(),
                                    expected[i],
                                    config.data().channels(),
                                    config.data().imageSize());
                    BufferedImage got = (BufferedImage) images.get(i).getWrappedImage();
                    assertEquals(got.getWidth(), config.data().imageSize());
                    int same = 0;
                    for (int p = 0; p < pixels; p++) {
                        int a = want.getRGB(p % 28, p / 28) & 0xff;
                        int b = got.getRGB(p % 28, p / 28) & 0xff;
                        assertTrue(Math.abs(a - b) <= 1, engine + " pixel " + p + ": " + a + " vs "
                                + b);
                        same += a == b ? 1 : 0;
                    }
                    assertTrue(same >= 0.99 * pixels, engine + ": " + same + " of " + pixels);
                }
            }

            Criteria<NDArray, float[]> values =
                    Criteria.builder()
                            .setTypes(NDArray.class, float[].class)
                            .optModelPath(directory)
                            .optTranslatorFactory(new GeneratorTranslatorFactory())
                            .optEngine(engine)
                            .build();
            try (ZooModel<NDArray, float[]> model = values.loadModel();
                    Predictor<NDArray, float[]> predictor = model.newPredictor();
                    NDManager manager = model.getNDManager().newSubManager()) {
                NDArray z =
                        new NoiseSource(config.model().noise(), config.model().latentDim(),
                                SEEDS[1])
                                .next(manager, 1);
                float[] got = predictor.predict(z);
                assertEquals(got.length, expected[1].length);
                for (int p = 0; p < got.length; p++) {
                    assertEquals(got[p], expected[1][p], 1e-4, engine + " value " + p);
                }
            }
        }
    }

    /** A point generator answers seeds with its points, and refuses to draw them as images. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void pointGeneratorAnswersWithValues(String engine)
            throws IOException, ModelNotFoundException, MalformedModelException,
                    TranslateException {
        TrainingConfig config = TrainingConfig.builder().optRuntime(r ->
                r.optEngine(engine)).optSeed(4).build();
        Path directory = Files.createTempDirectory("point-model").resolve("model");
        float[][] expected = save(config, directory);

        Criteria<GeneratorInput, float[]> criteria =
                Criteria.builder()
                        .setTypes(GeneratorInput.class, float[].class)
                        .optModelPath(directory)
                        // The factory named in the directory's serving.properties.
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .optEngine(engine)
                        .build();
        try (ZooModel<GeneratorInput, float[]> model = criteria.loadModel();
                Predictor<GeneratorInput, float[]> predictor = model.newPredictor()) {
            float[] point = predictor.predict(GeneratorInput.ofSeed(SEEDS[2]));
            assertEquals(point.length, 2);
            assertEquals(point[0], expected[2][0], 1e-5);
            assertEquals(point[1], expected[2][1], 1e-5);
            TranslateException labelled =
                    org.testng.Assert.expectThrows(
                            TranslateException.class,
                            () -> predictor.predict(GeneratorInput.ofSeed(1).withLabel(3)));
            assertTrue(labelled.getMessage().contains("not conditional"), labelled.getMessage());
        }
        Criteria<Long, Image> images =
                Criteria.builder()
                        .setTypes(Long.class, Image.class)
                        .optModelPath(directory)
                        .optTranslatorFactory(new GeneratorTranslatorFactory())
                        .optEngine(engine)
                        .build();
        ModelNotFoundException refused =
                org.testng.Assert.expectThrows(ModelNotFoundException.class, images::loadModel);
        Throwable reason = refused;
        while (reason.getCause() != null) {
            reason = reason.getCause();
        }
        assertTrue(reason.getMessage().contains("ask for float[]"), reason.getMessage());
    }

    /** Creates models for the configuration, saves G, and returns G(z) for each seed's z. */
    private static float[][] save(TrainingConfig config, Path directory) throws IOException {
        Engine.getEngine(config.runtime().engine()).setRandomSeed(5);
        try (GanModels models = GanSetup.models(config, Device.cpu())) {
            GeneratorModel.save(models, config, directory);
            float[][] expected = new float[SEEDS.length][];
            try (NDManager scope = models.generator().getNDManager().newSubManager()) {
                for (int i = 0; i < SEEDS.length; i++) {
                    NDArray z =
                            new NoiseSource(config.model().noise(), config.model().latentDim(),
                                    SEEDS[i])
                                    .next(scope, 1);
                    expected[i] = models.generate(z).toFloatArray();
                }
            }
            return expected;
        }
    }
}
