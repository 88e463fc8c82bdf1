package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.train.GeneratorEma;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A finished or checkpointed run, opened for use: its configuration and one checkpoint's (by
 * default the newest) networks on a chosen engine and device. A run that kept a generator EMA
 * ({@code --ema}, {@link GeneratorEma}) is opened with the averaged generator, as its final
 * evaluation and served model use it. {@code gan sample}, {@code gan eval}, {@code gan
 * interpolate} and {@code gan nearest} open runs this way; from Java:
 *
 * <pre>{@code
 * try (TrainedRun run = TrainedRun.open(Path.of("runs/ring8"))) {
 *     float[] points = run.sample(1000); // 1000 x 2 values, row after row
 * }
 * }</pre>
 *
 * <p>It owns its models: close it to release their native memory.
 *
 * @param run the run directory
 * @param config the run's settings, with the engine it is opened on
 * @param models G and D with the checkpoint's parameters
 * @param noiseSeed the seed of the noise to sample with
 */
public record TrainedRun(Path run, TrainingConfig config, GanModels models, long noiseSeed)
        implements AutoCloseable {

    /**
     * Opens a run directory's newest checkpoint on the run's own engine, on the CPU, with the
     * run's evaluation noise.
     *
     * @param run the run directory
     * @return the opened run
     * @throws IOException if reading fails
     * @throws InvalidInputException if it is not a run or has no checkpoint
     */
    public static TrainedRun open(Path run) throws IOException {
        return open(run, null, "cpu", null, CheckpointStore.LATEST);
    }

    /**
     * Opens a run directory.
     *
     * @param run the run directory
     * @param engine the engine to use, or null for the run's own
     * @param device the device: {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
     * @param seed the noise seed, or null for the run's evaluation seed
     * @param which the checkpoint: {@code latest}, {@code best} or a step ({@link
     *     CheckpointStore#find})
     * @return the opened run
     * @throws IOException if reading fails
     * @throws InvalidInputException if it is not a run, has no checkpoint, or the engine or
     *     device cannot be used
     */
    public static TrainedRun open(
            Path run, String engine, String device, Long seed, String which)
            throws IOException {
        TrainingConfig config;
        try {
            config =
                    TrainingConfig.fromJson(
                            Files.readString(
                                    RunDirectory.requireRun(run), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("'" + run + "' is not a run directory", e);
        }
        Engine selected = Engines.load(engine != null ? engine : config.runtime().engine());
        Device target = Engines.device(selected, device);
        TrainingConfig onEngine =
                config.toBuilder()
                        .optRuntime(runtime -> runtime.optEngine(selected.getEngineName()))
                        .build();
        // Read under the store's guard: a run still training may prune the checkpoint meanwhile.
        GanModels models =
                new CheckpointStore(run.resolve(RunDirectory.CHECKPOINTS), 1)
                        .read(which, checkpoint -> load(onEngine, target, checkpoint.directory()));
        long noiseSeed = seed != null ? seed : RunSeeds.derive(config.seed()).evaluation();
        return new TrainedRun(run, onEngine, models, noiseSeed);
    }

    /** G and D with a checkpoint's parameters; G's average instead of G when the run kept one. */
    private static GanModels load(TrainingConfig config, Device device, Path checkpoint)
            throws IOException {
        GanModels models = GanSetup.models(config, device);
        try {
            models.loadParameters(checkpoint);
            Path averaged = checkpoint.resolve(GeneratorEma.FILE);
            if (config.stabilizers().ema() > 0 && Files.isRegularFile(averaged)) {
                models.loadGenerator(averaged);
            }
            return models;
        } catch (IOException | RuntimeException e) {
            models.close();
            throw e;
        }
    }

    /**
     * Returns the noise this run samples with.
     *
     * @return a fresh source seeded with {@link #noiseSeed}
     */
    public NoiseSource noise() {
        return GanSetup.noise(config, noiseSeed);
    }

    /**
     * Draws samples from the generator (its EMA average when the run kept one) on this run's
     * noise, from the start of the stream.
     *
     * @param count how many samples, positive
     * @return {@code count} samples, row after row: points of the mixture's dimension, or images
     *     of {@code channels x size x size} values in the architecture's pixel range
     */
    public float[] sample(int count) {
        return models.sample(noise(), count);
    }

    /**
     * Checks that the run trained on images.
     *
     * @param purpose what the command does, for the message, such as "interpolate draws images"
     * @throws InvalidInputException if it trained on a built-in distribution
     */
    public void requireImages(String purpose) {
        if (!config.data().datasetSpec().isImage()) {
            throw new InvalidInputException(
                    purpose + "; " + run + " trained on " + config.data().dataset());
        }
    }

    @Override
    public void close() {
        models.close();
    }
}
