package io.github.djlgan.djl.listener;

import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.GeneratorAverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes both networks' parameters every N steps and after the last step, into {@code
 * checkpoints/step-NNNNNNNN/}. A checkpoint is written under a temporary name and renamed when
 * complete, then {@code checkpoints/latest} is pointed at it, so a crash never leaves a checkpoint
 * that looks complete but is not. With an average of the generator's weights, it is saved in the
 * same checkpoint as {@value GeneratorAverage#FILE}.
 */
public final class CheckpointListener extends PeriodicListener {

    /** The file naming the newest complete checkpoint directory. */
    public static final String LATEST = "latest";

    private final Path directory;
    private final GeneratorAverage average;

    /**
     * Creates the listener.
     *
     * @param directory the run's {@code checkpoints} directory
     * @param every the interval in steps; 0 writes only the final checkpoint
     */
    public CheckpointListener(Path directory, int every) {
        this(directory, every, null);
    }

    /**
     * Creates the listener for a run that averages its generator's weights.
     *
     * @param directory the run's {@code checkpoints} directory
     * @param every the interval in steps; 0 writes only the final checkpoint
     * @param average the average to save with each checkpoint, or null
     */
    public CheckpointListener(Path directory, int every, GeneratorAverage average) {
        super(every);
        this.directory = directory;
        this.average = average;
    }

    @Override
    void act(GanTrainer trainer) throws IOException {
        String name = String.format(Locale.ROOT, "step-%08d", trainer.step());
        Files.createDirectories(directory);
        Path temporary = Files.createTempDirectory(directory, "." + name);
        trainer.models().saveParameters(temporary);
        if (average != null) {
            average.save(trainer.models(), temporary);
        }
        Path target = directory.resolve(name);
        AtomicFiles.move(temporary, target);
        AtomicFiles.writeString(directory.resolve(LATEST), name + System.lineSeparator());
    }

    /**
     * Finds the newest complete checkpoint of a run.
     *
     * @param directory the run's {@code checkpoints} directory
     * @return the checkpoint directory
     * @throws IOException if there is none or it cannot be read
     */
    public static Path latest(Path directory) throws IOException {
        Path pointer = directory.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            throw new NoSuchFileException(
                    pointer.toString(), null, "the run has no complete checkpoint");
        }
        return directory.resolve(Files.readString(pointer).trim());
    }
}
