package io.github.djlgan.djl.listener;

import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.GanTrainer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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
 * diverged state is never checkpointed and the last checkpoint stays the last good one. With a
 * {@link Scorer}, every checkpoint is scored after it is written and kept as the store's best one
 * when it beats the best so far.
 */
public final class CheckpointListener extends PeriodicListener {

    /** The file naming the newest complete checkpoint directory. */
    public static final String LATEST = CheckpointStore.LATEST;

    private static final Logger LOGGER = LogManager.getLogger(CheckpointListener.class);

    private final CheckpointStore store;
    private final String architecture;
    private final Supplier<Map<String, AtomicFiles.Writer>> extraParts;
    private final String metric;
    private final Scorer scorer;
    private Checkpoint last;

    /** Scores the networks as they are at a checkpoint. */
    @FunctionalInterface
    public interface Scorer {
        /**
         * Measures the networks.
         *
         * @return the score, higher is better, and what was measured
         * @throws IOException if measuring fails
         */
        Scored score() throws IOException;
    }

    /**
     * A checkpoint's score.
     *
     * @param score higher is better
     * @param measurements what was measured, by name, for the reader of {@link
     *     CheckpointStore#BEST}
     */
    public record Scored(double score, Map<String, Double> measurements) {}

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
        this(store, every, architecture, extraParts, null, null);
    }

    /**
     * Creates the listener, which also keeps the best checkpoint by a metric.
     *
     * @param store the run's checkpoints
     * @param every the interval in steps; 0 writes only the final checkpoint
     * @param architecture the networks' architecture, recorded in each manifest
     * @param extraParts further parts to write into every checkpoint, asked for at each one
     * @param metric the metric's name, or null to keep no best checkpoint
     * @param scorer how a checkpoint is scored by it, or null
     */
    public CheckpointListener(
            CheckpointStore store,
            int every,
            String architecture,
            Supplier<Map<String, AtomicFiles.Writer>> extraParts,
            String metric,
            Scorer scorer) {
        super(every);
        this.store = store;
        this.architecture = architecture;
        this.extraParts = extraParts;
        this.metric = metric;
        this.scorer = scorer;
    }

    @Override
    void act(GanTrainer trainer) throws IOException {
        trainer.requireFinite();
        Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>(trainer.checkpointParts());
        parts.putAll(extraParts.get());
        last = store.write(trainer.step(), architecture, parts);
        if (scorer != null) {
            Scored scored = scorer.score();
            if (store.offerBest(last, metric, scored.score(), scored.measurements())) {
                LOGGER.info(
                        "Best checkpoint by {}: {} {}",
                        metric,
                        last.directory().getFileName(),
                        scored.measurements());
            }
        }
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
