package io.github.djlgan.cli;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.export.OnnxGeneratorModel;
import io.github.djlgan.djl.run.TrainedRun;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorInput;
import io.github.djlgan.djl.serving.GeneratorModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run's image generator opened for concurrent requests, on a training engine (the checkpoint's
 * networks, their weight average for an --ema run) or on OnnxRuntime (the run's {@code gan
 * export}). Safe for many threads: OnnxRuntime requests each take one of {@code workers}
 * predictors (DJL predictors are not shared between threads); a training engine's generator runs
 * one batch at a time, as its engines do not promise concurrent inference on one model.
 */
final class ServedGenerator implements AutoCloseable {

    private final Path run;
    private final TrainingConfig config;
    private final String engine;
    private final TrainedRun trained;
    private final ZooModel<GeneratorInput, float[]> exported;
    private final BlockingQueue<Predictor<GeneratorInput, float[]>> predictors;
    private final NDManager manager;
    private final ReentrantLock engineLock = new ReentrantLock();

    private ServedGenerator(
            Path run,
            TrainingConfig config,
            String engine,
            TrainedRun trained,
            ZooModel<GeneratorInput, float[]> exported,
            int workers) {
        this.run = run;
        this.config = config;
        this.engine = engine;
        this.trained = trained;
        this.exported = exported;
        this.predictors = new ArrayBlockingQueue<>(Math.max(1, workers));
        if (exported != null) {
            for (int i = 0; i < Math.max(1, workers); i++) {
                predictors.add(exported.newPredictor());
            }
            manager = exported.getNDManager();
        } else {
            manager = trained.models().generator().getNDManager();
        }
    }

    /**
     * Opens a run's generator.
     *
     * @param run the run directory
     * @param engine the engine, null for the run's own; {@code onnxruntime} reads RUN/onnx
     * @param checkpoint which checkpoint a training engine loads
     * @param workers how many requests may generate at once (OnnxRuntime)
     * @return the generator
     * @throws IOException if reading fails
     * @throws InvalidInputException if the run is not one of images, or cannot be opened
     */
    static ServedGenerator open(Path run, String engine, String checkpoint, int workers)
            throws IOException {
        if (OnnxSampler.wanted(engine)) {
            Path directory = run.resolve(ExportCommand.DEFAULT_DIRECTORY);
            OnnxSampler.requireExport(run, directory);
            TrainingConfig config = GeneratorModel.config(directory);
            requireImages(run, config);
            return new ServedGenerator(
                    run, config, OnnxGeneratorModel.ENGINE, null,
                    OnnxGeneratorModel.load(directory, GeneratorInput.class, float[].class),
                    workers);
        }
        TrainedRun trained = TrainedRun.open(run, engine, "cpu", null, checkpoint);
        try {
            requireImages(run, trained.config());
            return new ServedGenerator(
                    run, trained.config(), trained.config().runtime().engine(), trained, null, workers);
        } catch (RuntimeException e) {
            trained.close();
            throw e;
        }
    }

    private static void requireImages(Path run, TrainingConfig config) {
        if (!config.data().datasetSpec().isImage()) {
            throw new InvalidInputException(
                    "gan serve draws images; " + run + " trained on " + config.data().dataset());
        }
    }

    Path run() {
        return run;
    }

    TrainingConfig config() {
        return config;
    }

    String engine() {
        return engine;
    }

    /**
     * Draws a seed's z from the run's prior on the host, as the translator does.
     *
     * @param seed the seed
     * @return z
     */
    float[] latent(long seed) {
        try (NDManager scope = manager.newSubManager()) {
            return GanSetup.noise(config, seed).next(scope, 1).toFloatArray();
        }
    }

    /**
     * Runs G on given latent vectors.
     *
     * @param latents one z per image
     * @param labels the class of each image for a conditional G, else null
     * @return each image's values, {@code (channels, size, size)} row-major, in the pixel range
     * @throws IOException if the engine fails
     * @throws InterruptedException if interrupted while waiting for a predictor
     */
    float[][] generate(float[][] latents, int[] labels) throws IOException, InterruptedException {
        if (exported != null) {
            List<GeneratorInput> requests = new ArrayList<>(latents.length);
            for (int i = 0; i < latents.length; i++) {
                GeneratorInput request = GeneratorInput.ofLatent(latents[i]);
                requests.add(labels == null ? request : request.withLabel(labels[i]));
            }
            Predictor<GeneratorInput, float[]> predictor = predictors.take();
            try {
                return predictor.batchPredict(requests).toArray(float[][]::new);
            } catch (TranslateException e) {
                throw new IOException("OnnxRuntime failed: " + e.getMessage(), e);
            } finally {
                predictors.add(predictor);
            }
        }
        int size = config.model().latentDim();
        float[] flat = new float[latents.length * size];
        for (int i = 0; i < latents.length; i++) {
            System.arraycopy(latents[i], 0, flat, i * size, size);
        }
        engineLock.lockInterruptibly();
        try (NDManager scope = manager.newSubManager()) {
            NDList input = new NDList(scope.create(flat, new Shape(latents.length, size)));
            if (labels != null) {
                input.add(GanSetup.noise(config, 0).labels(scope, labels));
            }
            NDArray images = trained.models().generate(input);
            float[] values = images.toFloatArray();
            int per = values.length / latents.length;
            float[][] answer = new float[latents.length][];
            for (int i = 0; i < latents.length; i++) {
                answer[i] = java.util.Arrays.copyOfRange(values, i * per, (i + 1) * per);
            }
            return answer;
        } finally {
            engineLock.unlock();
        }
    }

    @Override
    public void close() {
        if (exported != null) {
            predictors.forEach(Predictor::close);
            exported.close();
        } else {
            trained.close();
        }
    }
}
