package io.github.djlgan.djl.listener;

import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes both networks' parameters every N steps and after the last step, into {@code
 * checkpoints/step-NNNNNNNN/}. A checkpoint is written under a temporary name and renamed when
 * complete, then {@code checkpoints/latest} is pointed at it, so a crash never leaves a checkpoint
 * that looks complete but is not.
 */
public final class CheckpointListener implements TrainingListener {

    /** The file naming the newest complete checkpoint directory. */
    public static final String LATEST = "latest";

    private final Path directory;
    private final int every;

    /**
     * Creates the listener.
     *
     * @param directory the run's {@code checkpoints} directory
     * @param every the interval in steps; 0 writes only the final checkpoint
     */
    public CheckpointListener(Path directory, int every) {
        this.directory = directory;
        this.every = every;
    }

    @Override
    public void onStep(GanTrainer trainer) throws IOException {
        if (every > 0 && trainer.step() % every == 0) {
            write(trainer);
        }
    }

    @Override
    public void onTrainingEnd(GanTrainer trainer) throws IOException {
        if (every == 0 || trainer.step() % every != 0) {
            write(trainer);
        }
    }

    private void write(GanTrainer trainer) throws IOException {
        String name = String.format(Locale.ROOT, "step-%08d", trainer.step());
        Files.createDirectories(directory);
        Path temporary = Files.createTempDirectory(directory, "." + name);
        trainer.models().saveParameters(temporary);
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
            throw new java.nio.file.NoSuchFileException(
                    pointer.toString(), null, "the run has no complete checkpoint");
        }
        return directory.resolve(Files.readString(pointer).trim());
    }
}
