package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.BestMetric;
import io.github.djlgan.api.config.DivergenceAction;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.api.run.RunManifest;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.listener.CheckpointListener;
import io.github.djlgan.djl.listener.ImageGridListener;
import io.github.djlgan.djl.listener.MetricsCsvListener;
import io.github.djlgan.djl.listener.ProgressListener;
import io.github.djlgan.djl.listener.SamplePlotListener;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.GeneratorAverage;
import io.github.djlgan.djl.train.TrainingDivergedException;
import io.github.djlgan.djl.train.TrainingListener;
import io.github.djlgan.djl.train.TrainingStoppedException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run from a configuration to a complete run directory: the checks, the files, the
 * loop with its listeners, and the final evaluation.
 *
 * <p>Reliability: a run started by {@link #resume} goes on from its newest undamaged checkpoint
 * exactly as if it had never stopped; {@link #requestStop} (Ctrl-C) ends it with a checkpoint; when
 * training diverges, the run stops with the last good checkpoint kept, or with {@link
 * DivergenceAction#ROLLBACK} reloads it, lowers the learning rates and goes on.
 */
public final class TrainingRun {

    /** How many samples of the final generator the mode coverage is measured on. */
    public static final int EVALUATION_SAMPLES = 2500;

    /** The checkpoint part recording the run's rollbacks so far. */
    public static final String RUN_STATE = "run.json";

    /** How many held-out and generated images D's final accuracy is measured on. */
    public static final int EVALUATION_IMAGES = 1000;

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
    private final Engine engine;
    private final Device device;
    private final ImageDataset trainImages;
    private final ImageDataset testImages;
    private final Checkpoint start;
    private volatile GanTrainer current;
    private volatile boolean stopRequested;

    private TrainingRun(
            TrainingConfig config,
            Path directory,
            Options options,
            Engine engine,
            Device device,
            ImageDataset trainImages,
            ImageDataset testImages,
            Checkpoint start) {
        this.config = config;
        this.directory = directory;
        this.options = options;
        this.engine = engine;
        this.device = device;
        this.trainImages = trainImages;
        this.testImages = testImages;
        this.start = start;
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
     * Checks everything that can be checked before training (engine, device, the dataset's files,
     * output directory), then creates the run directory with its {@code config.json} and {@code
     * manifest.json}.
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
        Engine engine = Engines.load(config.runtime().engine());
        Device device = Engines.device(engine, config.runtime().device());
        ImageDataset trainImages = null;
        ImageDataset testImages = null;
        if (config.data().datasetSpec().isImage()) {
            ImageDataset.Splits images = GanSetup.images(config);
            trainImages = images.train();
            testImages = images.test();
            if (trainImages.size() < config.data().batchSize()) {
                throw new InvalidInputException(
                        config.data().dataset() + " holds " + trainImages.size()
                                + " training images, fewer than one batch of "
                                + config.data().batchSize() + "; lower --batch-size");
            }
            int classes = trainImages.classNames().size();
            if (config.model().classes() > 0 && config.model().classes() != classes) {
                throw new InvalidInputException(
                        config.data().dataset() + " has " + classes + " classes "
                                + trainImages.classNames() + ", but the run is conditional on "
                                + config.model().classes());
            }
        }
        RunDirectory.prepare(directory, options.overwrite());
        AtomicFiles.writeString(directory.resolve(RunDirectory.CONFIG), config.toJson());
        AtomicFiles.writeString(
                directory.resolve(RunDirectory.MANIFEST),
                manifest(engine, device, config.seed(), options.gitCommit()).toJson());
        return new TrainingRun(
                config, directory, options, engine, device, trainImages, testImages, null);
    }

    /**
     * Checks a run directory and its newest checkpoint, to go on training from it. The settings
     * are the run's own {@code config.json}, changed only where {@code config} differs (more steps,
     * another engine or device, checkpoint and divergence settings); the changed settings are
     * written back. Checkpoints are verified against their checksums: a damaged newest one is
     * skipped for the one before; leftovers of an interrupted checkpoint write are removed.
     *
     * @param config the settings to go on with, the run's own with allowed changes
     * @param directory the run directory
     * @param options how to carry it out ({@code overwrite} is ignored)
     * @return the run, ready to train on from its checkpoint
     * @throws InvalidInputException if it is not a run directory, has no usable checkpoint, is
     *     already complete, or the checkpoint is of other networks
     * @throws IOException if reading or writing fails
     */
    public static TrainingRun resume(TrainingConfig config, Path directory, Options options)
            throws IOException {
        RunDirectory.requireRun(directory);
        Engine engine = Engines.load(config.runtime().engine());
        Device device = Engines.device(engine, config.runtime().device());
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
        // Load the parameters once now, so that networks that do not fit are refused before
        // anything in the run directory changes.
        if (checkpoint != null) {
            try (GanModels probe = GanSetup.models(config, device)) {
                probe.loadParameters(checkpoint.directory());
            }
        }
        ImageDataset trainImages = null;
        ImageDataset testImages = null;
        if (config.data().datasetSpec().isImage()) {
            ImageDataset.Splits images = GanSetup.images(config);
            trainImages = images.train();
            testImages = images.test();
        }
        store.removeUnfinished();
        Files.deleteIfExists(directory.resolve(RunDirectory.SUMMARY));
        AtomicFiles.writeString(directory.resolve(RunDirectory.CONFIG), config.toJson());
        return new TrainingRun(
                config, directory, options, engine, device, trainImages, testImages, checkpoint);
    }

    private static CheckpointStore store(TrainingConfig config, Path directory) {
        return new CheckpointStore(
                directory.resolve(RunDirectory.CHECKPOINTS),
                config.reliability().keepCheckpoints());
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
     * @return the final numbers
     * @throws IOException if the run directory cannot be written
     * @throws TrainingDivergedException if training diverged (and no rollback is left)
     * @throws TrainingStoppedException if {@link #requestStop} ended it early, with a checkpoint
     */
    public TrainingSummary train() throws IOException {
        LOGGER.info(
                "Training {} on {} {} for {} steps, seed {}{}",
                config.data().dataset(),
                engine.getEngineName(),
                device,
                config.loop().steps(),
                config.seed(),
                start == null ? "" : ", resuming from " + start.directory().getFileName());
        CheckpointStore store = store(config, directory);
        Checkpoint from = start;
        int rollbacks = from == null ? 0 : readRollbacks(from);
        float factor = 1f;
        while (true) {
            try {
                return trainFrom(store, from, rollbacks, factor);
            } catch (TrainingDivergedException e) {
                Checkpoint good = store.latest().orElse(null);
                if (config.reliability().onDivergence() != DivergenceAction.ROLLBACK
                        || rollbacks >= config.reliability().maxRollbacks()) {
                    throw new TrainingDivergedException(
                            e.stats(),
                            (config.reliability().onDivergence() == DivergenceAction.ROLLBACK
                                            ? "After " + rollbacks + " rollbacks: "
                                            : "")
                                    + (good == null
                                            ? "There is no checkpoint yet."
                                            : "The last good checkpoint, "
                                                    + good.directory()
                                                    + ", is kept."));
                }
                rollbacks++;
                // A checkpoint's optimisers carry the factors of the rollbacks before it.
                factor =
                        (float)
                                Math.pow(
                                        config.reliability().rollbackFactor(),
                                        rollbacks - (good == null ? 0 : readRollbacks(good)));
                LOGGER.warn(
                        "{} Rollback {} of {}: going on from {} with the learning rates times {}",
                        e.getMessage(),
                        rollbacks,
                        config.reliability().maxRollbacks(),
                        good == null ? "the start" : good.directory().getFileName(),
                        Math.pow(config.reliability().rollbackFactor(), rollbacks));
                from = good;
            }
        }
    }

    private TrainingSummary trainFrom(
            CheckpointStore store, Checkpoint from, int rollbacks, float factor)
            throws IOException {
        RunSeeds seeds = RunSeeds.derive(config.seed());
        engine.setRandomSeed(seeds.engine());
        if (from != null) {
            store.removeAfter(from.step());
        }
        try (GanModels models = GanSetup.models(config, device);
                RealDataSource realData = loadInto(models, from, trainImages);
                // Before the trainer: loading replaces G's parameter arrays, and the trainer
                // takes the arrays it trains from the parameters when it is built.
                GeneratorAverage average = average(config, models, from);
                GanTrainer trainer = GanSetup.trainer(config, models, realData);
                MetricsCsvListener metrics =
                        MetricsCsvListener.resuming(
                                directory.resolve(RunDirectory.METRICS),
                                from == null ? 0 : from.step())) {
            if (from != null) {
                trainer.restore(from);
            }
            if (factor != 1f) {
                trainer.scaleLearningRates(factor);
            }
            current = trainer;
            if (stopRequested) {
                trainer.requestStop();
            }
            List<TrainingListener> listeners = new ArrayList<>();
            if (options.progress()) {
                listeners.add(new ProgressListener(config.loop().steps()));
            }
            if (average != null) {
                listeners.add(average);
            }
            listeners.add(metrics);
            listeners.add(new LogListener());
            // Checkpoints before pictures: when stopping, the checkpoint matters most.
            byte[] runState = runState(rollbacks);
            boolean keepBest = config.reliability().keepBest() != BestMetric.NONE;
            listeners.add(
                    new CheckpointListener(
                            store,
                            config.cadence().checkpointEvery(),
                            config.model().architecture().id(),
                            () -> checkpointParts(runState, average, models),
                            keepBest ? config.reliability().keepBest().id() : null,
                            keepBest ? () -> score(coverage(models, average, seeds)) : null));
            listeners.add(samplePictures(seeds));
            LastStats last = new LastStats();
            listeners.add(last);

            long started = System.nanoTime();
            trainer.fit(config.loop().steps(), listeners);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (trainer.step() < config.loop().steps()) {
                throw new TrainingStoppedException(trainer.step(), directory);
            }

            NoiseSource evaluationNoise = GanSetup.noise(config, seeds.evaluation());
            // With an average of G's weights, the served model and the evaluation both use it.
            GeneratorAverage.Action<TrainingSummary> finish = () -> {
                GeneratorModel.save(models, config, directory.resolve(RunDirectory.MODEL));
                return testImages != null
                        ? new TrainingSummary(
                                trainer.step(),
                                seconds,
                                last.stats,
                                null,
                                testImages.size() > 0
                                        ? heldOutAccuracy(models, testImages, evaluationNoise)
                                        : null)
                        : new TrainingSummary(
                                trainer.step(),
                                seconds,
                                last.stats,
                                coverage(models, null, seeds),
                                null);
            };
            TrainingSummary summary =
                    average != null ? average.withAverage(finish) : finish.run();
            AtomicFiles.writeString(directory.resolve(RunDirectory.SUMMARY), summary.toJson());
            LOGGER.info("Finished: {}", summary.describe().replace(System.lineSeparator(), "; "));
            return summary;
        } finally {
            current = null;
        }
    }

    /**
     * Measures how G (its weight average, when one is given) covers the synthetic mixture, on the
     * same noise every time: the run's evaluation stream from its start.
     */
    private ModeCoverage coverage(GanModels models, GeneratorAverage average, RunSeeds seeds)
            throws IOException {
        GeneratorAverage.Action<ModeCoverage> measure =
                () ->
                        ModeCoverage.of(
                                config.data().syntheticDistribution().mixture(),
                                models.sample(
                                        GanSetup.noise(config, seeds.evaluation()),
                                        EVALUATION_SAMPLES));
        return average != null ? average.withAverage(measure) : measure.run();
    }

    private CheckpointListener.Scored score(ModeCoverage coverage) {
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("modesCovered", (double) coverage.modesCovered());
        measured.put("modesWithOnePercent", (double) coverage.modesWithOnePercent());
        measured.put("highQualityShare", coverage.highQualityShare());
        return new CheckpointListener.Scored(config.reliability().keepBest().score(coverage),
                measured);
    }

    /** Loads a checkpoint's parameters (before the trainer exists), then opens the real data. */
    private RealDataSource loadInto(GanModels models, Checkpoint from, ImageDataset images)
            throws IOException {
        if (from != null) {
            models.loadParameters(from.directory());
        }
        return GanSetup.realData(config, models, images);
    }

    /** The run's own checkpoint parts: the rollback count, and the averaged G if kept. */
    private static Map<String, AtomicFiles.Writer> checkpointParts(
            byte[] runState, GeneratorAverage average, GanModels models) {
        Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>();
        parts.put(RUN_STATE, out -> out.write(runState));
        if (average != null) {
            parts.put(GeneratorAverage.FILE, average.checkpointPart(models));
        }
        return parts;
    }

    private static byte[] runState(int rollbacks) {
        JsonObject json = new JsonObject();
        json.addProperty("rollbacks", rollbacks);
        return (json + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    }

    private static int readRollbacks(Checkpoint checkpoint) throws IOException {
        if (!checkpoint.hasPart(RUN_STATE)) {
            return 0;
        }
        try {
            return JsonParser.parseString(
                            Files.readString(checkpoint.part(RUN_STATE), StandardCharsets.UTF_8))
                    .getAsJsonObject()
                    .get("rollbacks")
                    .getAsInt();
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    "Checkpoint " + checkpoint.directory() + " has an unreadable " + RUN_STATE, e);
        }
    }

    /**
     * Starts the average of the generator's weights if the run keeps one, continuing a
     * checkpoint's; sampling, the served model directory and the final evaluation then use it.
     *
     * @return the average, or null
     */
    private static GeneratorAverage average(
            TrainingConfig config, GanModels models, Checkpoint from) throws IOException {
        double decay = config.stabilizers().ema();
        if (decay == 0) {
            return null;
        }
        GeneratorAverage average = new GeneratorAverage(models.generator(), decay);
        if (from != null && from.hasPart(GeneratorAverage.FILE)) {
            try {
                average.restore(models, from.part(GeneratorAverage.FILE));
            } catch (IOException | RuntimeException e) {
                average.close();
                throw e;
            }
        }
        return average;
    }

    private TrainingListener samplePictures(RunSeeds seeds) {
        Path samples = directory.resolve(RunDirectory.SAMPLES);
        return config.data().datasetSpec().isImage()
                ? new ImageGridListener(
                        samples,
                        config.cadence().sampleEvery(),
                        seeds.evaluation(),
                        config.model().architecture().pixelRange())
                : new SamplePlotListener(
                        samples,
                        config.cadence().sampleEvery(),
                        config.data().syntheticDistribution(),
                        seeds.evaluation());
    }

    /**
     * Measures how well D tells held-out real images from generated ones: the share of the first
     * {@value #EVALUATION_IMAGES} test images it calls real (D > 1/2) and of as many generated
     * images it calls fake, averaged. 0.5 is chance. A conditional D judges each real image with
     * its
     * own label, and the i-th generated image is drawn for the i-th real image's label.
     *
     * @param models the trained models
     * @param test the held-out images
     * @param noise the noise for the generated images
     * @return the accuracy in [0, 1]
     */
    public static double heldOutAccuracy(
            GanModels models, ImageDataset test, NoiseSource noise) {
        int count = (int) Math.min(EVALUATION_IMAGES, test.size());
        // A conditional D: the i-th fake is drawn for, and judged with, the i-th real label.
        int[] labels = null;
        if (models.classes() > 0) {
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = test.label(i);
            }
        }
        int correct = 0;
        for (float probability : models.realProbability(test.pixels(0, count), labels)) {
            correct += probability > 0.5f ? 1 : 0;
        }
        float[] fakes =
                labels != null
                        ? models.sample(noise, labels)
                        : models.sample(noise, count);
        for (float probability : models.realProbability(fakes, labels)) {
            correct += probability < 0.5f ? 1 : 0;
        }
        return correct / (2.0 * count);
    }

    /**
     * Describes the engine, device and machine of a run.
     *
     * @param engine the engine
     * @param device the device
     * @param seed the run's seed
     * @param gitCommit the toolkit's commit, or null
     * @return the manifest
     */
    public static RunManifest manifest(Engine engine, Device device, long seed, String gitCommit) {
        return new RunManifest(
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion(),
                device.toString(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("gan.threads"),
                seed,
                gitCommit,
                Instant.now().toString());
    }

    /** Logs the averages at every log interval (not per step). */
    private static final class LogListener implements TrainingListener {
        @Override
        public void onStats(GanTrainer trainer, StepStats stats) {
            LOGGER.info(
                    "step {}: D loss {}, G loss {}, D(x) {}, D(G(z)) {}, {} ms/step",
                    stats.step(),
                    String.format("%.4f", stats.discriminatorLoss()),
                    String.format("%.4f", stats.generatorLoss()),
                    String.format("%.3f", stats.realScore()),
                    String.format("%.3f", stats.fakeScore()),
                    String.format("%.3f", stats.millisPerStep()));
        }
    }

    /** Keeps the last averages for the summary. */
    private static final class LastStats implements TrainingListener {
        private StepStats stats;

        @Override
        public void onStats(GanTrainer trainer, StepStats latest) {
            stats = latest;
        }
    }
}
