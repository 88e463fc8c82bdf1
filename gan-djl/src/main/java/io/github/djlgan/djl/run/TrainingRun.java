package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.api.run.RunManifest;
import io.github.djlgan.djl.data.ImageDataset;
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
import io.github.djlgan.djl.train.TrainingListener;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run from a configuration to a complete run directory: the checks, the files, the
 * loop with its listeners, and the final evaluation.
 */
public final class TrainingRun {

    /** How many samples of the final generator the mode coverage is measured on. */
    public static final int EVALUATION_SAMPLES = 2500;

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

    private TrainingRun(
            TrainingConfig config,
            Path directory,
            Options options,
            Engine engine,
            Device device,
            ImageDataset trainImages,
            ImageDataset testImages) {
        this.config = config;
        this.directory = directory;
        this.options = options;
        this.engine = engine;
        this.device = device;
        this.trainImages = trainImages;
        this.testImages = testImages;
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
        Engine engine = Engines.load(config.engine());
        Device device = Engines.device(engine, config.device());
        ImageDataset trainImages = null;
        ImageDataset testImages = null;
        if (config.datasetSpec().isImage()) {
            ImageDataset.Splits images = GanSetup.images(config);
            trainImages = images.train();
            testImages = images.test();
            if (trainImages.size() < config.batchSize()) {
                throw new InvalidInputException(
                        config.dataset() + " holds " + trainImages.size()
                                + " training images, fewer than one batch of "
                                + config.batchSize() + "; lower --batch-size");
            }
            int classes = trainImages.classNames().size();
            if (config.classes() > 0 && config.classes() != classes) {
                throw new InvalidInputException(
                        config.dataset() + " has " + classes + " classes "
                                + trainImages.classNames() + ", but the run is conditional on "
                                + config.classes());
            }
        }
        RunDirectory.prepare(directory, options.overwrite());
        AtomicFiles.writeString(directory.resolve(RunDirectory.CONFIG), config.toJson());
        AtomicFiles.writeString(
                directory.resolve(RunDirectory.MANIFEST),
                manifest(engine, device, config.seed(), options.gitCommit()).toJson());
        return new TrainingRun(
                config, directory, options, engine, device, trainImages, testImages);
    }

    /**
     * Trains, writing metrics, pictures and checkpoints as it goes, then measures the final
     * generator and writes {@code summary.json}.
     *
     * @return the final numbers
     * @throws IOException if the run directory cannot be written
     */
    public TrainingSummary train() throws IOException {
        LOGGER.info(
                "Training {} on {} {} for {} steps, seed {}",
                config.dataset(),
                engine.getEngineName(),
                device,
                config.steps(),
                config.seed());
        RunSeeds seeds = RunSeeds.derive(config.seed());
        engine.setRandomSeed(seeds.engine());
        try (GanModels models = GanSetup.models(config, device);
                RealDataSource realData = GanSetup.realData(config, models, trainImages);
                GanTrainer trainer = GanSetup.trainer(config, models, realData);
                GeneratorAverage average = average(config, models);
                MetricsCsvListener metrics =
                        new MetricsCsvListener(directory.resolve(RunDirectory.METRICS))) {
            List<TrainingListener> listeners = new ArrayList<>();
            if (options.progress()) {
                listeners.add(new ProgressListener(config.steps()));
            }
            if (average != null) {
                listeners.add(average);
            }
            listeners.add(metrics);
            listeners.add(new LogListener());
            listeners.add(samplePictures(seeds));
            listeners.add(
                    new CheckpointListener(
                            directory.resolve(RunDirectory.CHECKPOINTS),
                            config.checkpointEvery(),
                            average));
            LastStats last = new LastStats();
            listeners.add(last);

            long started = System.nanoTime();
            trainer.fit(config.steps(), listeners);
            double seconds = (System.nanoTime() - started) / 1e9;

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
                                ModeCoverage.of(
                                        config.syntheticDistribution().mixture(),
                                        models.sample(evaluationNoise, EVALUATION_SAMPLES)),
                                null);
            };
            TrainingSummary summary =
                    average != null ? average.withAverage(finish) : finish.run();
            AtomicFiles.writeString(directory.resolve(RunDirectory.SUMMARY), summary.toJson());
            LOGGER.info("Finished: {}", summary.describe().replace(System.lineSeparator(), "; "));
            return summary;
        }
    }

    /**
     * Starts the average of the generator's weights if the run keeps one; sampling, the served
     * model directory and the final evaluation then use it.
     *
     * @return the average, or null
     */
    private static GeneratorAverage average(TrainingConfig config, GanModels models) {
        double decay = config.stabilizers().ema();
        return decay > 0 ? new GeneratorAverage(models.generator(), decay) : null;
    }

    private TrainingListener samplePictures(RunSeeds seeds) {
        Path samples = directory.resolve(RunDirectory.SAMPLES);
        return config.datasetSpec().isImage()
                ? new ImageGridListener(
                        samples,
                        config.sampleEvery(),
                        seeds.evaluation(),
                        config.architecture().pixelRange())
                : new SamplePlotListener(
                        samples,
                        config.sampleEvery(),
                        config.syntheticDistribution(),
                        seeds.evaluation());
    }

    /**
     * Measures how well D tells held-out real images from generated ones: the share of the first
     * {@value #EVALUATION_IMAGES} test images it calls real (D > 1/2) and of as many generated
     * images it calls fake, averaged. 0.5 is chance. A conditional D judges each real image with its
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
        int[] realLabels = null;
        int[] fakeLabels = null;
        if (models.classes() > 0) {
            realLabels = new int[count];
            fakeLabels = new int[count];
            for (int i = 0; i < count; i++) {
                realLabels[i] = test.label(i);
                fakeLabels[i] = realLabels[i];
            }
        }
        int correct = 0;
        for (float probability : models.realProbability(test.pixels(0, count), realLabels)) {
            correct += probability > 0.5f ? 1 : 0;
        }
        float[] fakes =
                fakeLabels != null
                        ? models.sample(noise, fakeLabels)
                        : models.sample(noise, count);
        for (float probability : models.realProbability(fakes, fakeLabels)) {
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
