package io.github.djlgan.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.export.OnnxGeneratorModel;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorInput;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.serving.GeneratorTranslatorFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Time to draw one batch from the same generator, the default Fashion-MNIST DCGAN (the trainer's
 * default sizes), through the project's translator on DJL's PyTorch engine (the model directory of
 * {@link GeneratorModel}) and on DJL's OnnxRuntime engine (the export of {@link
 * OnnxGeneratorModel}): images per second is {@code batch / time}. Each request is a seed, so the
 * time includes drawing z on the host and making the float values of the images.
 *
 * <p>OnnxRuntime runs alone ({@code ai.djl.onnx.disable_alternative}), as {@code gan sample
 * --engine onnxruntime} does. At setup the sizes of both model files are printed. Run with {@code
 * java -jar benchmarks/target/benchmarks.jar GeneratorSampling}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dai.djl.onnx.disable_alternative=true",
            "-Djava.awt.headless=true"
        })
public class GeneratorSamplingBenchmark {

    /** The engine that runs the generator. */
    @Param({"PyTorch", "OnnxRuntime"})
    public String engine;

    /** Images per call. */
    @Param({"1", "64"})
    public int batch;

    private Path directory;
    private ZooModel<GeneratorInput, float[]> model;
    private Predictor<GeneratorInput, float[]> predictor;
    private final List<GeneratorInput> requests = new ArrayList<>();

    /**
     * Builds the generator on PyTorch (seeded), writes both model directories and loads one.
     *
     * @throws Exception if building or loading fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(runtime -> runtime.optEngine("PyTorch"))
                        .optData(data -> data.optDataset("fashion-mnist"))
                        .build();
        directory = Files.createTempDirectory("sampling-benchmark");
        Path djl = directory.resolve("pytorch");
        Path onnx = directory.resolve("onnx");
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (GanModels models = GanSetup.models(config, Device.cpu())) {
            GeneratorModel.save(models, config, djl);
            OnnxGeneratorModel.save(models, config, List.of(), onnx);
        }
        System.err.printf(
                "%n%s, latent %d, width %d: generator.onnx %d bytes, DJL parameters %d bytes%n",
                config.model().architecture(),
                config.model().latentDim(),
                config.model().hiddenWidth(),
                Files.size(onnx.resolve(OnnxGeneratorModel.FILE)),
                Files.size(djl.resolve(GeneratorModel.NAME + "-0000.params")));
        if (OnnxGeneratorModel.ENGINE.equals(engine)) {
            model = OnnxGeneratorModel.load(onnx, GeneratorInput.class, float[].class);
        } else {
            model =
                    Criteria.builder()
                            .setTypes(GeneratorInput.class, float[].class)
                            .optEngine(engine)
                            .optModelPath(djl)
                            .optTranslatorFactory(new GeneratorTranslatorFactory())
                            .build()
                            .loadModel();
        }
        predictor = model.newPredictor();
        for (int i = 0; i < batch; i++) {
            requests.add(GeneratorInput.ofSeed(i));
        }
    }

    /**
     * Draws one batch.
     *
     * @return the images' values, so that nothing is optimised away
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public List<float[]> sampleBatch() throws TranslateException {
        return predictor.batchPredict(requests);
    }

    /**
     * Closes the model and deletes the directories.
     *
     * @throws IOException if deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        predictor.close();
        model.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
