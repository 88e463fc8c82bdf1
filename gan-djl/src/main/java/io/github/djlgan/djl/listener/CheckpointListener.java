package io.github.djlgan.djl.listener;

import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a checkpoint every N steps and after the last step (also when training stops early), into
 * a {@link CheckpointStore}: everything {@link GanTrainer#checkpointParts()} names, plus any extra
 * parts the run adds. Before writing, the trainer's state is checked for NaN and infinity, so a
 * diverged state is never checkpointed and the last checkpoint stays the last good one.
 */
public final class CheckpointListener extends PeriodicListener {

    /** The file naming the newest complete checkpoint directory. */
    public static final String LATEST = CheckpointStore.LATEST;

    private final CheckpointStore store;
    private final String architecture;
    private final Supplier<Map<String, AtomicFiles.Writer>> extraParts;
    private Checkpoint last;

    /**
     * Creates the listener.
     *
     * @param store the run's checkpoints
     * @param every the interval in steps; 0 writes only the final checkpoint
     * @param architecture the networks' architecture, recorded in each manifest
     * @param extraParts further parts to write into every checkpoint, asked for at each one
     */
    public CheckpointListener(
            CheckpointStore store,
            int every,
            String architecture,
            Supplier<Map<String, AtomicFiles.Writer>> extraParts) {
        super(every);
        this.store = store;
        this.architecture = architecture;
        this.extraParts = extraParts;
    }

    @Override
    void act(GanTrainer trainer) throws IOException {
        trainer.requireFinite();
        Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>(trainer.checkpointParts());
        parts.putAll(extraParts.get());
        last = store.write(trainer.step(), architecture, parts);
    }

    /**
     * Returns the checkpoint written last by this listener.
     *
     * @return the checkpoint, or null before the first
     */
    public Checkpoint last() {
        return last;
    }

    /**
     * Finds the newest complete and undamaged checkpoint of a run.
     *
     * @param directory the run's {@code checkpoints} directory
     * @return the checkpoint directory
     * @throws IOException if there is none or it cannot be read
     */
    public static Path latest(Path directory) throws IOException {
        return new CheckpointStore(directory, 1)
                .latest()
                .orElseThrow(
                        () ->
                                new NoSuchFileException(
                                        directory.toString(),
                                        null,
                                        "the run has no complete checkpoint"))
                .directory();
    }
}
