package io.github.djlgan.djl.export;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.export.proto.OnnxProto.ModelProto;
import io.github.djlgan.djl.export.proto.OnnxProto.StringStringEntryProto;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorInput;
import io.github.djlgan.djl.serving.GeneratorTranslatorFactory;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Round trips: a generator of every architecture, built on each training engine with random
 * parameters (batch-norm statistics included, so that nothing is the identity), is exported,
 * loaded by DJL's OnnxRuntime engine with the project's translator, and must give the DJL
 * generator's values for the same z. Both compute in float32 in a different order: values agree
 * to about 1e-6 relative, so 1e-4 absolute on outputs of order 1 fails only for a wrong layer.
 *
 * <p>OnnxRuntime runs alone here: its hand-over of operators to a training engine is switched off
 * ({@code ai.djl.onnx.disable_alternative}), so the translator can only create and read arrays.
 */
public class GeneratorOnnxTest {

    private static final String NO_ALTERNATIVE = "ai.djl.onnx.disable_alternative";
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 3;

    private String previous;

    @BeforeClass
    public void onnxRuntimeAlone() {
        previous = System.setProperty(NO_ALTERNATIVE, "true");
    }

    @AfterClass(alwaysRun = true)
    public void restore() {
        if (previous == null) {
            System.clearProperty(NO_ALTERNATIVE);
        } else {
            System.setProperty(NO_ALTERNATIVE, previous);
        }
    }

    @DataProvider(name = "generators")
    public static Object[][] generators() {
        List<Function<TrainingConfig.Builder, TrainingConfig.Builder>> cases =
                List.of(
                        b -> b.optModel(m -> m.optHiddenWidth(16).optHiddenLayers(2)),
                        b -> b.optData(d -> d.optDataset("fashion-mnist"))
                                .optModel(m -> m.optArchitecture(ArchitectureKind.PAPER_MLP)
                                        .optHiddenWidth(24)),
                        b -> dcgan(b, "fashion-mnist", 28, 1),
                        b -> dcgan(b, "folder:/faces", 28, 3),
                        b -> dcgan(b, "fashion-mnist", 32, 1),
                        b -> dcgan(b, "folder:/faces", 32, 3),
                        b -> dcgan(b, "fashion-mnist", 64, 1),
                        b -> dcgan(b, "folder:/faces", 64, 3),
                        b -> dcgan(b, "fashion-mnist", 28, 1)
                                .optModel(m -> m.optConditional(true)),
                        b -> dcgan(b, "folder:/faces", 32, 3).optModel(m -> m.optClasses(4)));
        List<Object[]> rows = new ArrayList<>();
        for (String engine : new String[] {"PyTorch", "MXNet"}) {
            for (var shape : cases) {
                rows.add(new Object[] {shape.apply(base(engine)).build()});
            }
        }
        return rows.toArray(Object[][]::new);
    }

    private static TrainingConfig.Builder base(String engine) {
        return TrainingConfig.builder()
                .optRuntime(r -> r.optEngine(engine))
                .optModel(m -> m.optLatentDim(6))
                .optSeed(7);
    }

    private static TrainingConfig.Builder dcgan(
            TrainingConfig.Builder builder, String dataset, int size, int channels) {
        return builder.optData(b -> b.optDataset(dataset))
                .optModel(b -> b.optArchitecture(ArchitectureKind.DCGAN))
                .optData(b -> b.optImageSize(size))
                .optData(b -> b.optChannels(channels))
                .optModel(b -> b.optHiddenWidth(16));
    }

    @Test(dataProvider = "generators")
    public void onnxRuntimeGivesTheDjlGeneratorsValues(TrainingConfig config) throws Exception {
        Path root = Files.createTempDirectory("onnx-export");
        try (GanModels models = randomModels(config);
                NDManager scope = models.generator().getNDManager().newSubManager()) {
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = config.model().classes() > 0 ? (2 * i + 1) % config.model().classes() : 0;
            }
            NoiseSource noise = GanSetup.noise(config, 99);
            NDArray z = noise.next(scope, BATCH);
            NDList input = new NDList(z);
            if (config.model().classes() > 0) {
                input.add(noise.labels(scope, labels));
            }
            float[] expected = models.generate(input).toFloatArray();
            assertSpread(expected);

            Path directory = root.resolve("model");
            long size =
                    OnnxGeneratorModel.save(
                            models, config, classNames(config.model().classes()), directory);
            assertEquals(Files.size(directory.resolve(OnnxGeneratorModel.FILE)), size);
            assertTrue(OnnxGeneratorModel.isExport(directory));

            float[] latent = z.toFloatArray();
            int latentDim = config.model().latentDim();
            List<GeneratorInput> requests = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                float[] one = new float[latentDim];
                System.arraycopy(latent, i * latentDim, one, 0, latentDim);
                GeneratorInput request = GeneratorInput.ofLatent(one);
                requests.add(config.model().classes() > 0 ? request.withLabel(labels[i]) : request);
            }
            try (ZooModel<GeneratorInput, float[]> model =
                            OnnxGeneratorModel.load(directory, GeneratorInput.class, float[].class);
                    Predictor<GeneratorInput, float[]> predictor = model.newPredictor()) {
                assertEquals(model.getNDManager().getEngine().getEngineName(), "OnnxRuntime");
                List<float[]> answers = predictor.batchPredict(requests);
                int values = expected.length / BATCH;
                for (int i = 0; i < BATCH; i++) {
                    assertEquals(answers.get(i).length, values);
                    for (int v = 0; v < values; v++) {
                        assertEquals(
                                answers.get(i)[v],
                                expected[i * values + v],
                                TOLERANCE,
                                config.model().architecture() + " sample " + i + " value " + v);
                    }
                }
            }
            assertChecksAndMetadata(directory.resolve(OnnxGeneratorModel.FILE), config);
        } finally {
            deleteTree(root);
        }
    }

    /**
     * The README's way, DJL's Criteria on the OnnxRuntime engine, draws a seed's image: pixels at
     * most one grey level from the DJL generator's picture of the same z.
     */
    @Test(dataProvider = "engines", dataProviderClass = io.github.djlgan.djl.TestEngines.class)
    public void criteriaOnOnnxRuntimeDrawsTheSameImages(String engine) throws Exception {
        TrainingConfig config = dcgan(base(engine), "folder:/faces", 32, 3).build();
        Path root = Files.createTempDirectory("onnx-criteria");
        long seed = 12;
        try (GanModels models = randomModels(config);
                NDManager scope = models.generator().getNDManager().newSubManager()) {
            float[] expected =
                    models.generate(GanSetup.noise(config, seed).next(scope, 1)).toFloatArray();
            BufferedImage want =
                    ImageGrid.single(
                            config.model().architecture().pixelRange(),
                            expected,
                            config.data().channels(),
                            config.data().imageSize());
            Path directory = root.resolve("model");
            OnnxGeneratorModel.save(models, config, List.of(), directory);
            Criteria<Long, Image> criteria =
                    Criteria.builder()
                            .setTypes(Long.class, Image.class)
                            .optEngine("OnnxRuntime")
                            .optModelPath(directory)
                            .optTranslatorFactory(new GeneratorTranslatorFactory())
                            .build();
            try (ZooModel<Long, Image> model = criteria.loadModel();
                    Predictor<Long, Image> predictor = model.newPredictor()) {
                BufferedImage got = (BufferedImage) predictor.predict(seed).getWrappedImage();
                int differing = 0;
                for (int y = 0; y < want.getHeight(); y++) {
                    for (int x = 0; x < want.getWidth(); x++) {
                        for (int shift = 0; shift < 24; shift += 8) {
                            int a = (want.getRGB(x, y) >> shift) & 0xff;
                            int b = (got.getRGB(x, y) >> shift) & 0xff;
                            assertTrue(Math.abs(a - b) <= 1, x + "," + y + ": " + a + " vs " + b);
                            differing += a != b ? 1 : 0;
                        }
                    }
                }
                assertTrue(differing < 0.01 * 32 * 32 * 3, differing + " levels differ");
            }
        } finally {
            deleteTree(root);
        }
    }

    /**
     * The project's loader builds the translator itself and reads nothing but the .onnx file and
     * gan-config.json: a class planted in the directory and named by its serving.properties (as
     * block factory, translator factory and batchifier) is never loaded, so its static
     * initialiser never writes its marker; nor is a custom-operator library it names loaded.
     */
    @Test
    public void loaderRunsNoCodeFromTheDirectory() throws Exception {
        TrainingConfig config = base("PyTorch")
                .optModel(m -> m.optHiddenWidth(8).optHiddenLayers(1))
                .build();
        Path root = Files.createTempDirectory("onnx-planted");
        try (GanModels models = randomModels(config)) {
            Path directory = root.resolve("model");
            OnnxGeneratorModel.save(models, config, List.of(), directory);
            Path marker = root.resolve("planted-ran");
            Path classes = Files.createDirectories(directory.resolve("classes"));
            Path source = root.resolve("Planted.java");
            Files.writeString(source,
                    "public class Planted { static { try { java.nio.file.Files.writeString("
                            + "java.nio.file.Path.of(\"" + marker + "\"), \"ran\"); }"
                            + " catch (Exception e) { } } }");
            javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
            assertEquals(compiler.run(null, null, null, "-d", classes.toString(),
                    source.toString()), 0);
            Files.writeString(directory.resolve("serving.properties"),
                    "engine=OnnxRuntime\nblockFactory=Planted\ntranslatorFactory=Planted\n"
                            + "batchifier=Planted\noption.customOpLibrary=" + root.resolve("x.so")
                            + "\n");
            try (ZooModel<Long, float[]> model =
                            OnnxGeneratorModel.load(directory, Long.class, float[].class);
                    Predictor<Long, float[]> predictor = model.newPredictor()) {
                assertEquals(predictor.predict(3L).length, 2);
            }
            assertTrue(!Files.exists(marker), "a class from the model directory ran");
        } finally {
            deleteTree(root);
        }
    }

    /** ONNX Runtime's own session (its load-time checks), the opset, the metadata. */
    private static void assertChecksAndMetadata(Path file, TrainingConfig config) throws Exception {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        }
        assertEquals(model.getOpsetImportCount(), 1);
        assertEquals(model.getOpsetImport(0).getDomain(), "");
        assertEquals(model.getOpsetImport(0).getVersion(), GeneratorOnnx.OPSET);
        assertEquals(model.getIrVersion(), GeneratorOnnx.IR_VERSION);
        Map<String, String> written =
                model.getMetadataPropsList().stream()
                        .collect(
                                Collectors.toMap(
                                        StringStringEntryProto::getKey,
                                        StringStringEntryProto::getValue));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(file.toString())) {
            Map<String, String> read = session.getMetadata().getCustomMetadata();
            assertEquals(read, written);
            List<String> inputs = new ArrayList<>(session.getInputNames());
            assertEquals(
                    inputs,
                    config.model().classes() > 0
                            ? List.of(GeneratorOnnx.LATENT_INPUT, GeneratorOnnx.LABEL_INPUT)
                            : List.of(GeneratorOnnx.LATENT_INPUT));
        }
        boolean images = config.data().datasetSpec().isImage();
        assertEquals(
                written.get(GeneratorOnnx.META_OUTPUT),
                images ? GeneratorOnnx.IMAGE_OUTPUT : GeneratorOnnx.SAMPLE_OUTPUT);
        assertEquals(written.get(GeneratorOnnx.META_LATENT_DIM), "6");
        assertEquals(written.get(GeneratorOnnx.META_ARCHITECTURE), config.model().architecture().id());
        if (images) {
            String range = config.model().architecture() == ArchitectureKind.PAPER_MLP ? "0.0,1.0" : "-1.0,1.0";
            assertEquals(written.get(GeneratorOnnx.META_PIXEL_RANGE), range);
        }
        if (config.model().classes() > 0) {
            String names = written.get(GeneratorOnnx.META_CLASS_NAMES);
            assertTrue(names.startsWith("[\"class 0\",\"class 1\""), names);
        } else {
            assertTrue(!written.containsKey(GeneratorOnnx.META_CLASS_NAMES));
        }
    }

    private static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("class " + i);
        }
        return names;
    }

    /**
     * Builds the models and gives every parameter of G random values of a size that keeps the
     * activations of order 1: weights N(0, 2/fan_in) (He et al. 2015, for ReLU), biases and batch-norm shifts and means
     * N(0, 0.5^2), scales U(0.5, 1.5), running variances U(0.5, 2).
     */
    static GanModels randomModels(TrainingConfig config) {
        Engine.getEngine(config.runtime().engine()).setRandomSeed(1);
        GanModels models = GanSetup.models(config, Device.cpu());
        SplittableRandom random = new SplittableRandom(config.data().imageSize() * 31L + config.data().channels());
        for (Pair<String, Parameter> pair : models.generator().getBlock().getParameters()) {
            NDArray array = pair.getValue().getArray();
            Shape shape = array.getShape();
            float[] values = new float[Math.toIntExact(shape.size())];
            String name = pair.getKey();
            double fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : 1;
            for (int i = 0; i < values.length; i++) {
                double value;
                if (name.endsWith("runningVar")) {
                    value = random.nextDouble(0.5, 2);
                } else if (name.endsWith("gamma")) {
                    value = random.nextDouble(0.5, 1.5);
                } else if (name.endsWith("weight")) {
                    value = random.nextGaussian() * Math.sqrt(2 / fanIn);
                } else {
                    value = 0.5 * random.nextGaussian();
                }
                values[i] = (float) value;
            }
            array.set(FloatBuffer.wrap(values));
        }
        return models;
    }

    /** Outputs must vary, or agreement within the tolerance would prove nothing. */
    private static void assertSpread(float[] values) {
        double mean = 0;
        for (float value : values) {
            mean += value / values.length;
        }
        double variance = 0;
        for (float value : values) {
            variance += (value - mean) * (value - mean) / values.length;
        }
        assertTrue(Math.sqrt(variance) > 0.1, "G's outputs hardly vary: sd " + Math.sqrt(variance));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
