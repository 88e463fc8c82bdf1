package io.github.djlgan.cli;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.export.OnnxGeneratorModel;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorInput;
import io.github.djlgan.djl.serving.GeneratorModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples a run's generator from its ONNX export ({@code gan export}, in RUN/{@value
 * ExportCommand#DEFAULT_DIRECTORY}) on DJL's OnnxRuntime engine, without a training engine: the
 * export is not made here, because reading a checkpoint needs PyTorch or MXNet, which is what this
 * path avoids. z and the random classes come from the same seeded stream as {@code gan sample} on
 * a training engine, so both draw the same samples of the exported checkpoint.
 *
 * @param config the configuration stored with the export
 * @param samples the samples' values, sample after sample
 */
record OnnxSampler(TrainingConfig config, float[] samples) {

    /** The engine name that selects this path in {@code gan sample --engine}. */
    static final String ENGINE = OnnxGeneratorModel.ENGINE;

    /** How many requests go to one batched predictor call. */
    private static final int BATCH = 64;

    /**
     * Tells whether an engine name asks for this path.
     *
     * @param engine the --engine value, or null
     * @return whether it names OnnxRuntime
     */
    static boolean wanted(String engine) {
        return engine != null && engine.equalsIgnoreCase(ENGINE);
    }

    /**
     * Draws samples from a run's export.
     *
     * @param run the run directory
     * @param seed the noise seed, or null for the run's evaluation seed
     * @param count how many samples
     * @param asked the class of every sample, by name or label number (as the export's
     *     synset.txt names them), or null for random classes (conditional runs)
     * @return the samples and the configuration
     * @throws IOException if reading fails
     * @throws InvalidInputException if the run has no export, or the class is not one of its
     */
    static OnnxSampler sample(Path run, Long seed, int count, String asked) throws IOException {
        Path directory = run.resolve(ExportCommand.DEFAULT_DIRECTORY);
        requireExport(run, directory);
        TrainingConfig config = GeneratorModel.config(directory);
        Integer label = asked == null ? null
                : RunClasses.label(GeneratorModel.classNames(directory, config), asked, "--label");
        long noiseSeed = seed != null ? seed : RunSeeds.derive(config.seed()).evaluation();
        NoiseSource noise = GanSetup.noise(config, noiseSeed);
        List<float[]> answers = new ArrayList<>(count);
        try (ZooModel<GeneratorInput, float[]> model =
                        OnnxGeneratorModel.load(directory, GeneratorInput.class, float[].class);
                Predictor<GeneratorInput, float[]> predictor = model.newPredictor();
                NDManager scope = model.getNDManager().newSubManager()) {
            // All z first, then all classes, as the training engines' sampling draws them.
            List<GeneratorInput> requests = requests(noise, scope, count, label);
            for (int first = 0; first < count; first += BATCH) {
                answers.addAll(
                        predictor.batchPredict(
                                requests.subList(first, Math.min(count, first + BATCH))));
            }
        } catch (TranslateException e) {
            throw new IOException("OnnxRuntime failed to run the generator: " + e.getMessage(), e);
        }
        int size = answers.get(0).length;
        float[] samples = new float[count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(answers.get(i), 0, samples, i * size, size);
        }
        return new OnnxSampler(config, samples);
    }

    /**
     * Checks that a run has an export and that OnnxRuntime can run it by itself.
     *
     * @param run the run directory
     * @param directory its export directory
     * @throws InvalidInputException if the export or the engine is missing
     */
    static void requireExport(Path run, Path directory) {
        if (!Files.isRegularFile(directory.resolve(OnnxGeneratorModel.FILE))) {
            throw new InvalidInputException(
                    "--engine onnxruntime uses the run's ONNX export, and " + directory
                            + " holds none; run gan export --run " + run + " first");
        }
        // Arrays are only created and read on this path: OnnxRuntime need not load a training
        // engine beside it (DJL otherwise pairs every OnnxRuntime manager with one).
        if (System.getProperty("ai.djl.onnx.disable_alternative") == null) {
            System.setProperty("ai.djl.onnx.disable_alternative", "true");
        }
        if (!Engine.hasEngine(ENGINE)) {
            throw new InvalidInputException("The OnnxRuntime engine is not on the class path");
        }
    }

    /** Draws z (and classes) as the training engines' sampling does, from the same stream. */
    private static List<GeneratorInput> requests(
            NoiseSource noise, NDManager scope, int batch, Integer label) {
        int[] labels = null;
        float[] latent;
        try (NDManager draw = scope.newSubManager()) {
            if (label != null) {
                labels = new int[batch];
                Arrays.fill(labels, label);
                latent = noise.next(draw, batch).toFloatArray();
            } else {
                NDList input = noise.nextInput(draw, batch);
                latent = input.head().toFloatArray();
                if (input.size() > 1) {
                    float[] drawn = input.get(1).toFloatArray();
                    labels = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        labels[i] = (int) drawn[i];
                    }
                }
            }
        }
        int size = noise.latentDim();
        List<GeneratorInput> requests = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            GeneratorInput request =
                    GeneratorInput.ofLatent(Arrays.copyOfRange(latent, i * size, (i + 1) * size));
            requests.add(labels == null ? request : request.withLabel(labels[i]));
        }
        return requests;
    }
}
