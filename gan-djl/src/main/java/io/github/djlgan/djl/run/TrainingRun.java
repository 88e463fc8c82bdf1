package io.github.djlgan.djl.run;

import ai.djl.Device;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.BestMetric;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.io.RunLock;
import io.github.djlgan.djl.listener.CheckpointListener;
import io.github.djlgan.djl.listener.MetricsCsvListener;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.GeneratorEma;
import io.github.djlgan.djl.train.TrainerCheckpoint;
import io.github.djlgan.djl.train.TrainingDivergedException;
import io.github.djlgan.djl.train.TrainingStoppedException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run from a configuration to a complete run directory, put together from parts:
 * the {@link Preflight} checks (the same for new and resumed runs), the loop ({@link GanTrainer})
 * with its {@link DefaultListeners}, the {@link RollbackPolicy}, and the {@link FinalEvaluation}.
 *
 * <p>Reliability: a run started by {@link #resume} goes on from its newest undamaged checkpoint
 * exactly as if it had never stopped; {@link #requestStop} (Ctrl-C) ends it with a checkpoint; when
 * training diverges, the run stops with the last good checkpoint kept, or with {@link
 * io.github.djlgan.api.config.DivergenceAction#ROLLBACK} reloads it, lowers the learning rates and
 * goes on.
 */
public final class TrainingRun {

    /** The checkpoint part recording the run's rollbacks so far. */
    public static final String RUN_STATE = RollbackPolicy.RUN_STATE;

    private static final Logger LOGGER = LogManager.getLogger(TrainingRun.class);

    /**
     * How a run is carried out, apart from its configuration.
     *
     * @param overwrite whether an existing non-empty run directory may be replaced
     * @param progress whether to draw a progress bar on standard output
     * @param gitCommit the toolkit's commit to record, or null
     */
    public record Options(boolean overwrite, boolean progress, String gitCommit) {}

    private final TrainingConfig config;
    private final Path directory;
    private final Options options;
    private final Preflight checked;
    private final Checkpoint start;
    /** The run directory's lock, held from the checks until {@link #train} returns. */
    private final RunLock lock;
    /** For a new run: whether {@link #prepare} created the directory itself; null for a resume. */
    private final Boolean createdDirectory;
    /** The most steps a trainer of this run has reached. */
    private long reached;
    private volatile GanTrainer current;
    private volatile boolean stopRequested;

    private TrainingRun(
            TrainingConfig config,
            Path directory,
            Options options,
            Preflight checked,
            Checkpoint start,
            RunLock lock,
            Boolean createdDirectory) {
        this.config = config;
        this.directory = directory;
        this.options = options;
        this.checked = checked;
        this.start = start;
        this.lock = lock;
        this.createdDirectory = createdDirectory;
    }

    /**
     * Checks and trains in one call: {@link #prepare} then {@link #train}.
     *
     * @param config the settings
     * @param directory the run directory
     * @param options how to carry it out
     * @return the final numbers, also written to {@code summary.json}
     * @throws IOException if the run directory cannot be written
     */
    public static TrainingSummary execute(TrainingConfig config, Path directory, Options options)
            throws IOException {
        return prepare(config, directory, options).train();
    }

    /**
     * Checks everything that can be checked before training (the {@link Preflight} checks: engine,
     * device, the dataset's files, at least one batch of training images, the classes; then
     * the output directory), then creates the run directory with its {@code config.json} (a
     * conditional run's with its data's class names recorded) and {@code manifest.json}.
     * Nothing is written when a check fails.
     *
     * @param config the settings
     * @param directory the run directory
     * @param options how to carry it out
     * @return the run, ready to train
     * @throws io.github.djlgan.api.InvalidInputException if the engine, device or directory
     *     cannot be used
     * @throws IOException if the run directory cannot be written
     */
    public static TrainingRun prepare(TrainingConfig config, Path directory, Options options)
            throws IOException {
        Preflight checked = preflight(config, false);
        return prepared(checked.config(), directory, options, checked);
    }

    /** Creates the run directory of a new run whose checks passed. */
    private static TrainingRun prepared(
            TrainingConfig config, Path directory, Options options, Preflight checked)
            throws IOException {
        boolean created = !Files.exists(directory);
        RunLock lock = RunDirectory.prepare(directory, options.overwrite());
        try {
            AtomicFiles.writeString(directory.resolve(RunDirectory.CONFIG), config.toJson());
            AtomicFiles.writeString(
                    directory.resolve(RunDirectory.MANIFEST),
                    ManifestHistory.describe(checked.engine(), checked.device(),
                            config.runtime().device(), config.seed(),
                            options.gitCommit()).toJson());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new TrainingRun(config, directory, options, checked, null, lock, created);
    }

    /**
     * Checks a run directory and its newest checkpoint, to go on training from it. The settings
     * are the run's own {@code config.json}, changed only where {@code config} differs (more steps,
     * another engine or device, checkpoint and divergence settings); the changed settings are
     * written back. Checkpoints are verified against their checksums: a damaged newest one is
     * skipped for the one before; leftovers of an interrupted checkpoint write are removed. A
     * resumed run passes the same {@link Preflight} checks as a new one; a conditional run's data
     * must still have the classes it recorded.
     *
     * @param config the settings to go on with, the run's own with allowed changes
     * @param directory the run directory
     * @param options how to carry it out ({@code overwrite} is ignored)
     * @return the run, ready to train on from its checkpoint
     * @throws InvalidInputException if it is not a run directory, fails a pre-flight check, has no
     *     usable checkpoint, is already complete, or the checkpoint is of other networks or has
     *     a damaged part (checked before anything in the directory changes)
     * @throws IOException if reading or writing fails
     */
    public static TrainingRun resume(TrainingConfig config, Path directory, Options options)
            throws IOException {
        RunDirectory.requireRun(directory);
        Preflight checked = preflight(config, true);
        return resumed(checked.config(), directory, options, checked);
    }

    /** Checks the checkpoint of a run to resume whose pre-flight checks passed. */
    private static TrainingRun resumed(
            TrainingConfig config, Path directory, Options options, Preflight checked)
            throws IOException {
        CheckpointStore store = store(config, directory);
        Checkpoint checkpoint =
                store.latest()
                        .orElseThrow(
                                () ->
                                        new InvalidInputException(
                                                "Cannot resume '" + directory
                                                        + "': it has no complete, undamaged"
                                                        + " checkpoint"));
        if (!checkpoint.architecture().equals(config.model().architecture().id())) {
            throw new InvalidInputException(
                    "Cannot resume '" + directory + "': its checkpoint holds "
                            + checkpoint.architecture() + " networks, the config says "
                            + config.model().architecture().id());
        }
        if (checkpoint.step() >= config.loop().steps()) {
            if (Files.exists(directory.resolve(RunDirectory.SUMMARY))) {
                throw new InvalidInputException(
                        "Run '" + directory + "' is complete at step " + checkpoint.step()
                                + "; pass --steps with a larger number to train it further");
            }
            // Stopped after its final checkpoint but before its summary: train the last stretch
            // again from the checkpoint before (the same steps give the same parameters), or
            // from the start when there is none, and finish.
            checkpoint = store.latestBefore(config.loop().steps()).orElse(null);
        }
        // Read the checkpoint back now, so that networks that do not fit and damaged parts are
        // refused before anything in the run directory changes.
        if (checkpoint != null) {
            readBack(config, checked.device(), checkpoint);
        }
        // The checks above only read. Before the first write: a second process writing the same
        // run is refused here, and a refused resume has created nothing, not even the lock file.
        RunLock lock = RunLock.acquire(directory);
        try {
            store.removeUnfinished();
            RunDirectory.removeTemporaries(directory);
            Files.deleteIfExists(directory.resolve(RunDirectory.SUMMARY));
            AtomicFiles.writeString(directory.resolve(RunDirectory.CONFIG), config.toJson());
            ManifestHistory.resumed(
                    directory.resolve(RunDirectory.MANIFEST),
                    ManifestHistory.describe(checked.engine(), checked.device(),
                            config.runtime().device(), config.seed(),
                            options.gitCommit()),
                    checkpoint == null ? 0 : checkpoint.step());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new TrainingRun(config, directory, options, checked, checkpoint, lock, null);
    }

    /**
     * Reads every part of a checkpoint that training from it reads (both networks' parameters,
     * the optimiser states and counters, the rollback count, G's average) into networks made for
     * the probe, allocating only what they need.
     */
    private static void readBack(TrainingConfig config, Device device, Checkpoint checkpoint)
            throws IOException {
        try (GanModels probe = GanSetup.models(config, device)) {
            probe.loadParameters(checkpoint.directory());
            TrainerCheckpoint.verify(
                    probe,
                    config.loop().generatorOptimizer(),
                    config.loop().discriminatorOptimizer(),
                    checkpoint);
            RollbackPolicy.readRollbacks(checkpoint);
            GeneratorEma average =
                    GeneratorEma.continuing(probe, config.stabilizers().ema(), checkpoint);
            if (average != null) {
                average.close();
            }
        }
    }

    /** The pre-flight checks, which read a first batch of images: allocation failures as one line. */
    private static Preflight preflight(TrainingConfig config, boolean resumed)
            throws IOException {
        try {
            return Preflight.check(config, resumed);
        } catch (IOException | RuntimeException | Error e) {
            throw AllocationFailure.rethrow(config, e);
        }
    }

    private static CheckpointStore store(TrainingConfig config, Path directory) {
        return new CheckpointStore(
                directory.resolve(RunDirectory.CHECKPOINTS), config.reliability().keepCheckpoints());
    }

    /**
     * Asks the run to stop after the step in progress, write a checkpoint and return; {@link
     * #train} then throws {@link TrainingStoppedException}. Safe to call from another thread.
     */
    public void requestStop() {
        stopRequested = true;
        GanTrainer trainer = current;
        if (trainer != null) {
            trainer.requestStop();
        }
    }

    /**
     * Trains, writing metrics, pictures and checkpoints as it goes, then measures the final
     * generator and writes {@code summary.json}. A resumed run starts from its checkpoint. On
     * divergence it stops or rolls back as configured.
     *
     * <p>Failures: an allocation that fails (in Java or in the engine) is reported as the one line
     * of an {@link InvalidInputException} naming the batch size, image size and width asked for. A
     * new run that fails before its first step removes everything {@link #prepare} and training
     * created (the directory itself if it created it), so that the same command can be run again;
     * a resumed run is never removed.
     *
     * @return the final numbers
     * @throws IOException if the run directory cannot be written
     * @throws InvalidInputException if the sizes asked for do not fit in memory
     * @throws TrainingDivergedException if training diverged (and no rollback is left)
     * @throws TrainingStoppedException if {@link #requestStop} ended it early, with a checkpoint
     */
    public TrainingSummary train() throws IOException {
        LOGGER.info(
                "Training {} on {} {} for {} steps, seed {}{}",
                config.data().dataset(),
                checked.engine().getEngineName(),
                Engines.describe(checked.engine(), checked.device(), config.runtime().device()),
                config.loop().steps(),
                config.seed(),
                start == null ? "" : ", resuming from " + start.directory().getFileName());
        CheckpointStore store = store(config, directory);
        try (lock) {
            try {
                return trainWithRollbacks(store);
            } catch (IOException | RuntimeException | Error e) {
                if (e instanceof TrainingStoppedException) {
                    throw e;
                }
                if (createdDirectory != null && reached == 0) {
                    discard(e);
                }
                throw AllocationFailure.rethrow(config, e);
            }
        }
    }

    /** Removes a new run that never took a step; a failure to do so is added to the cause. */
    private void discard(Throwable cause) {
        try {
            RunDirectory.discard(directory, createdDirectory);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private TrainingSummary trainWithRollbacks(CheckpointStore store) throws IOException {
        Checkpoint from = start;
        RollbackPolicy rollbacks = new RollbackPolicy(config, from);
        try {
            while (true) {
                try {
                    return trainFrom(store, from, rollbacks);
                } catch (TrainingDivergedException e) {
                    from = rollbacks.onDivergence(e, store.latest().orElse(null));
                }
            }
        } catch (IOException e) {
            // A full disk or a failing device: say what is left to resume from.
            Checkpoint good = store.latest().orElse(null);
            throw new IOException(
                    e.getMessage() + "; "
                            + (good == null
                                    ? "there is no complete checkpoint yet"
                                    : "the last complete checkpoint is " + good.directory()),
                    e);
        }
    }

    private TrainingSummary trainFrom(
            CheckpointStore store, Checkpoint from, RollbackPolicy rollbacks) throws IOException {
        RunSeeds seeds = RunSeeds.derive(config.seed());
        checked.engine().setRandomSeed(seeds.engine());
        if (from != null) {
            store.removeAfter(from.step());
        }
        try (GanModels models = GanSetup.models(config, checked.device());
                RealDataSource realData = loadInto(models, from);
                // Before the trainer: loading replaces G's parameter arrays.
                GeneratorEma average =
                        GeneratorEma.continuing(models, config.stabilizers().ema(), from);
                GanTrainer trainer = GanSetup.trainer(config, models, realData);
                MetricsCsvListener metrics =
                        MetricsCsvListener.resuming(
                                directory.resolve(RunDirectory.METRICS),
                                from == null ? 0 : from.step(),
                                trainer.stabilizerLogValues().keySet())) {
            if (from != null) {
                trainer.restore(from);
            }
            if (rollbacks.learningRateFactor() != 1f) {
                trainer.scaleLearningRates(rollbacks.learningRateFactor());
            }
            current = trainer;
            if (stopRequested) {
                trainer.requestStop();
            }
            DefaultListeners listeners =
                    new DefaultListeners(
                            config,
                            directory,
                            options.progress(),
                            average,
                            metrics,
                            checkpoints(store, models, average, rollbacks.checkpointPart()));
            long started = System.nanoTime();
            trainer.fit(config.loop().steps(), listeners.inOrder());
            double seconds = (System.nanoTime() - started) / 1e9;
            if (trainer.step() < config.loop().steps()) {
                throw new TrainingStoppedException(trainer.step(), directory);
            }
            // With an EMA of G's weights, the served model and the evaluation both use it.
            GeneratorEma.Action<TrainingSummary> finish = () -> {
                GeneratorModel.save(models, config, directory.resolve(RunDirectory.MODEL));
                return FinalEvaluation.summarize(
                        config,
                        models,
                        checked.testImages(),
                        seeds.evaluation(),
                        trainer.step(),
                        seconds,
                        listeners.lastStats());
            };
            TrainingSummary summary =
                    average != null ? average.withAverage(finish) : finish.run();
            AtomicFiles.writeString(directory.resolve(RunDirectory.SUMMARY), summary.toJson());
            LOGGER.info("Finished: {}", summary.describe().replace(System.lineSeparator(), "; "));
            return summary;
        } finally {
            GanTrainer trainer = current;
            if (trainer != null) {
                reached = Math.max(reached, trainer.step());
            }
            current = null;
        }
    }

    /**
     * Writes checkpoints with the trainer's parts, the rollback count, and the EMA if kept; with
     * {@code --keep-best}, scores each by the mode coverage of G (its EMA when kept) on the run's
     * evaluation noise from its start.
     */
    private CheckpointListener checkpoints(
            CheckpointStore store,
            GanModels models,
            GeneratorEma average,
            AtomicFiles.Writer runState) {
        boolean keepBest = config.reliability().keepBest() != BestMetric.NONE;
        return new CheckpointListener(
                store,
                config.cadence().checkpointEvery(),
                config.model().architecture().id(),
                () -> {
                    Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>();
                    parts.put(RUN_STATE, runState);
                    if (average != null) {
                        parts.put(GeneratorEma.FILE, average.checkpointPart(models));
                    }
                    return parts;
                },
                keepBest ? config.reliability().keepBest().id() : null,
                keepBest ? () -> score(models, average) : null);
    }

    private CheckpointListener.Scored score(GanModels models, GeneratorEma average)
            throws IOException {
        GeneratorEma.Action<ModeCoverage> measure =
                () ->
                        FinalEvaluation.modeCoverage(
                                config,
                                models,
                                GanSetup.noise(config, RunSeeds.derive(config.seed()).evaluation()),
                                FinalEvaluation.COVERAGE_SAMPLES);
        ModeCoverage coverage = average != null ? average.withAverage(measure) : measure.run();
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("modesCovered", (double) coverage.modesCovered());
        measured.put("modesWithOnePercent", (double) coverage.modesWithOnePercent());
        measured.put("highQualityShare", coverage.highQualityShare());
        return new CheckpointListener.Scored(config.reliability().keepBest().score(coverage), measured);
    }

    /** Loads a checkpoint's parameters (before the trainer exists), then opens the real data. */
    private RealDataSource loadInto(GanModels models, Checkpoint from) throws IOException {
        if (from != null) {
            models.loadParameters(from.directory());
        }
        return GanSetup.realData(config, models, checked.trainImages());
    }
}
