package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.BestMetric;
import io.github.djlgan.api.config.DivergenceAction;
import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.OptimizerKind;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.api.event.TrainingSummary;
import ai.djl.training.dataset.Dataset;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.run.TrainingRun;
import io.github.djlgan.djl.train.TrainingStoppedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@code gan train}: trains a GAN and writes a run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a GAN and writes a run directory.",
            "Algorithm 1 of Goodfellow et al. (2014). The run directory holds config.json,"
                    + " manifest.json, metrics.csv, summary.json, train.log, samples/ and"
                    + " checkpoints/.",
            "With no options: the MLP GAN on ring8, PyTorch, CPU, about a minute on 2 cores.",
            "Images: --dataset fashion-mnist or --dataset folder:PATH (DCGAN)."
        })
final class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Start from this config.json (for example a run's); flags override it.")
    Path config;

    @Option(names = "--engine", description = "PyTorch or MXNet (any case). Default: PyTorch.")
    String engine;

    @Option(names = "--device", description = "cpu, gpu, gpu:N or auto. Default: cpu.")
    String device;

    @Option(names = "--dataset",
            description = "gaussian1d, ring8, grid25, fashion-mnist, mnist, or folder:PATH (the"
                    + " png, jpg and bmp pictures under PATH). Default: ring8.")
    String dataset;

    @Option(names = "--arch", description = "mlp (built-in data), dcgan or paper-mlp (images: the"
            + " paper's maxout MNIST networks). Default: mlp or dcgan, whichever fits the data.")
    String architecture;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's"
            + " IDX files. Default: $GAN_DATA_DIR/<dataset>, then /usr/share/datasets/<dataset>.")
    String dataDir;

    @Option(names = "--image-size", description = "Side the images are resized to: 28, 32 or 64"
            + " for dcgan. Default: 28 for IDX files, 64 for folders.")
    Integer imageSize;

    @Option(names = "--channels", description = "Image channels: 1 (gray) or 3 (RGB; folders"
            + " only). Default: 1 for IDX files, 3 for folders.")
    Integer channels;

    @Option(names = "--conditional", description = "Conditional GAN (Mirza and Osindero 2014):"
            + " G and D both see each image's class, so `gan sample --label N` draws class N.")
    boolean conditional;

    @Option(names = "--steps", description = "Generator updates. Default: 10000 (2000 for images).")
    Long steps;

    @Option(names = "--epochs", description = "Passes over the training images, instead of"
            + " --steps (image datasets).")
    Long epochs;

    @Option(names = "--batch-size", description = "Minibatch size m. Default: 256 (64 for"
            + " images).")
    Integer batchSize;

    @Option(names = "--k", description = "Discriminator updates per generator update. Default: 1"
            + " (5 for --loss wasserstein).")
    Integer discriminatorSteps;

    @Option(names = "--loss", description = "non-saturating, minimax, least-squares, hinge or"
            + " wasserstein. Default: non-saturating.")
    String loss;

    @Option(names = "--noise", description = "gaussian or uniform. Default: gaussian.")
    String noise;

    @Option(names = "--optimizer", description = "adam, sgd or rmsprop, for both networks."
            + " Default: adam (rmsprop for --loss wasserstein).")
    String optimizer;

    @Option(names = "--lr-g", description = "Generator learning rate. Default: 1e-3 (2e-4 for"
            + " images).")
    Double generatorLearningRate;

    @Option(names = "--lr-d", description = "Discriminator learning rate. Default: 1e-3 (2e-4 for"
            + " images).")
    Double discriminatorLearningRate;

    @Option(names = "--beta1", description = "Adam beta1, both networks. Default: 0.5.")
    Double beta1;

    @Option(names = "--beta2", description = "Adam beta2, both networks. Default: 0.999.")
    Double beta2;

    @Option(names = "--momentum", description = "SGD momentum, both networks (with"
            + " --momentum-ramp, the initial one). Default: 0.5.")
    Double momentum;

    @Option(names = "--momentum-ramp", paramLabel = "UPDATES", description = "SGD only: move the"
            + " momentum linearly from --momentum to --final-momentum over this many updates, then"
            + " keep it (the paper: 0.5 to 0.7 over 250 epochs). Default: no ramp.")
    Long momentumRamp;

    @Option(names = "--final-momentum", description = "SGD's momentum at the end of"
            + " --momentum-ramp. Default: 0.7.")
    Double finalMomentum;

    @Option(names = "--lr-schedule",
            description = "constant, linear (decay to 0 at the last step) or exponential (the"
                    + " paper's: divided by 1.000004 per update, down to 1e-6), both networks."
                    + " Default: linear (constant for images and wasserstein).")
    String schedule;

    @Option(names = "--spectral-norm", negatable = true, description = "Spectrally normalise D's"
            + " linear and convolution layers (Miyato et al. 2018).")
    Boolean spectralNorm;

    @Option(names = "--ema", paramLabel = "BETA", description = "Average G's weights with decay"
            + " BETA (for example 0.999) for sampling and evaluation; 0: off. Default: 0.")
    Double ema;

    @Option(names = "--pack", paramLabel = "M", description = "D judges M samples at once"
            + " (PacGAN); must divide the batch size. Default: 1.")
    Integer pack;

    @Option(names = "--label-smoothing", paramLabel = "S", description = "One-sided label"
            + " smoothing: D's real target is 1 - S (minimax, non-saturating, least-squares)."
            + " Default: 0.")
    Double labelSmoothing;

    @Option(names = "--instance-noise", paramLabel = "SIGMA", description = "Standard deviation of"
            + " Gaussian noise added to every sample D sees. Default: 0.")
    Double instanceNoise;

    @Option(names = "--weight-clip", paramLabel = "C", description = "Clip D's weights to [-C, C]"
            + " after each update; 0: off. Default: 0 (0.01 for --loss wasserstein).")
    Double weightClip;

    @Option(names = "--latent-dim", description = "Size of z. Default: 8 (100 for images).")
    Integer latentDim;

    @Option(names = "--hidden-width", description = "Units per MLP hidden layer, or DCGAN's base"
            + " feature maps. Default: 128 (64 for DCGAN).")
    Integer hiddenWidth;

    @Option(names = "--hidden-layers", description = "Hidden layers per network. Default: 2.")
    Integer hiddenLayers;

    @Option(names = "--seed", description = "The run's seed. Default: drawn at random, recorded.")
    Long seed;

    @Option(names = "--log-every", description = "Steps between metrics rows. Default: 100.")
    Integer logEvery;

    @Option(names = "--sample-every", description = "Steps between pictures (0: final only)."
            + " Default: 1000.")
    Integer sampleEvery;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (0: final"
            + " only). Default: 1000.")
    Integer checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory. Default: runs/<dataset>-<engine>-<time>.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the files of an existing run directory.")
    boolean overwrite;

    @Option(names = "--no-progress", description = "Draw no progress bar.")
    boolean noProgress;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on training the run in DIR"
            + " from its newest undamaged checkpoint, with its own settings; only --steps,"
            + " --engine, --device, --keep-checkpoints, --keep-best, --on-divergence,"
            + " --max-rollbacks and --rollback-lr-factor may change.")
    Path resume;

    @Option(names = "--keep-checkpoints", description = "How many of the newest checkpoints to"
            + " keep. Default: 5.")
    Integer keepCheckpoints;

    @Option(names = "--keep-best", paramLabel = "METRIC", description = "Also keep the best"
            + " checkpoint by this metric, measured at every checkpoint on the generator (its"
            + " --ema average when kept) and named in checkpoints/best.json: modes (modes covered,"
            + " ties by high-quality share) or high-quality (share of samples within 3 std of a"
            + " mode); synthetic datasets only. Use it with --checkpoint best in gan sample, eval"
            + " and the other commands. Default: none.")
    String keepBest;

    @Option(names = "--on-divergence", description = "stop (exit code 3, last good checkpoint"
            + " kept) or rollback (reload it, lower the learning rates, go on). Default: stop.")
    String onDivergence;

    @Option(names = "--max-rollbacks", description = "Rollbacks allowed before stopping."
            + " Default: 3.")
    Integer maxRollbacks;

    @Option(names = "--rollback-lr-factor", description = "What each rollback multiplies both"
            + " learning rates by, in (0, 1). Default: 0.5.")
    Double rollbackFactor;

    @Override
    public Integer call() throws IOException {
        TrainingRun.Options options =
                new TrainingRun.Options(
                        overwrite, !noProgress, System.getProperty("gan.git.commit"));
        Path directory;
        TrainingRun run;
        if (resume != null) {
            directory = resume;
            run = TrainingRun.resume(resumeSettings(), directory, options);
        } else {
            TrainingConfig settings = settings();
            directory = out != null ? out : defaultDirectory(settings);
            run = TrainingRun.prepare(settings, directory, options);
        }
        // Ctrl-C (or SIGTERM): stop after the step in progress, write a checkpoint, say so; the
        // JVM waits for that while it runs this hook.
        CountDownLatch done = new CountDownLatch(1);
        Thread stopper = new Thread(() -> stopWithCheckpoint(run, done), "gan-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (RunLog log = RunLog.attach(directory.resolve(RunDirectory.LOG))) {
            TrainingSummary summary = run.train();
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(summary.describe());
            stdout.println("run directory: " + directory);
            return GanCli.OK;
        } catch (TrainingStoppedException e) {
            spec.commandLine().getErr().println("gan: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return GanCli.STOPPED;
        } finally {
            done.countDown();
            removeHook(stopper);
        }
    }

    private static void stopWithCheckpoint(TrainingRun run, CountDownLatch done) {
        run.requestStop();
        try {
            done.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C); the hook is running.
        }
    }

    /**
     * Builds the settings of a resumed run: its own config.json with the few flags that may
     * change.
     *
     * @return the validated settings
     * @throws InvalidInputException if a flag that would change the run's nature is given
     */
    TrainingConfig resumeSettings() throws IOException {
        if (config != null || out != null || overwrite || dataset != null || architecture != null
                || dataDir != null || imageSize != null || channels != null || epochs != null
                || batchSize != null || discriminatorSteps != null || loss != null
                || noise != null || optimizer != null || generatorLearningRate != null
                || discriminatorLearningRate != null || sharedOptimizerFlags() || latentDim != null
                || hiddenWidth != null || hiddenLayers != null || seed != null
                || logEvery != null || sampleEvery != null || checkpointEvery != null) {
            throw new InvalidInputException(
                    "--resume goes on with the run's own settings; besides it, only --steps,"
                            + " --engine, --device, --keep-checkpoints, --keep-best,"
                            + " --on-divergence,"
                            + " --max-rollbacks and --rollback-lr-factor may be given");
        }
        TrainingConfig.Builder builder =
                readConfig(RunDirectory.requireRun(resume)).toBuilder();
        set(steps, builder::optSteps);
        set(device, builder::optDevice);
        set(engine, v -> builder.optEngine(Engines.canonicalName(v)));
        setReliability(builder);
        return builder.build();
    }

    private void setReliability(TrainingConfig.Builder builder) {
        set(keepCheckpoints, builder::optKeepCheckpoints);
        set(keepBest, v -> builder.optKeepBest(BestMetric.fromId(v)));
        set(onDivergence, v -> builder.optOnDivergence(DivergenceAction.fromId(v)));
        set(maxRollbacks, builder::optMaxRollbacks);
        set(rollbackFactor, builder::optRollbackFactor);
    }

    /**
     * Builds the run's settings: the config file or the defaults, then every flag given.
     *
     * @return the validated settings
     */
    TrainingConfig settings() throws IOException {
        TrainingConfig.Builder builder =
                config == null ? TrainingConfig.builder() : readConfig(config).toBuilder();
        set(dataset, builder::optDataset);
        set(architecture, v -> builder.optArchitecture(ArchitectureKind.fromId(v)));
        set(dataDir, builder::optDataDir);
        set(imageSize, builder::optImageSize);
        set(channels, builder::optChannels);
        if (conditional) {
            countFolderClasses(builder);
        }
        set(device, builder::optDevice);
        set(steps, builder::optSteps);
        set(batchSize, builder::optBatchSize);
        set(discriminatorSteps, builder::optDiscriminatorSteps);
        set(loss, v -> builder.optLoss(LossKind.fromId(v)));
        set(noise, v -> builder.optNoise(NoiseKind.fromId(v)));
        set(latentDim, builder::optLatentDim);
        set(hiddenWidth, builder::optHiddenWidth);
        set(hiddenLayers, builder::optHiddenLayers);
        set(seed, builder::optSeed);
        set(logEvery, builder::optLogEvery);
        set(sampleEvery, builder::optSampleEvery);
        set(checkpointEvery, builder::optCheckpointEvery);
        setReliability(builder);
        // Defaults that depend on the dataset are known once it is set.
        TrainingConfig base = builder.build();
        builder.optSeed(base.seed());
        builder.optEngine(Engines.canonicalName(engine != null ? engine : base.engine()));
        if (generatorLearningRate != null || sharedOptimizerFlags()) {
            builder.optGeneratorOptimizer(
                    optimizer(base.generatorOptimizer(), generatorLearningRate));
        }
        if (discriminatorLearningRate != null || sharedOptimizerFlags()) {
            builder.optDiscriminatorOptimizer(
                    optimizer(base.discriminatorOptimizer(), discriminatorLearningRate));
        }
        if (epochs != null) {
            builder.optSteps(stepsFor(base, epochs));
        }
        builder.optStabilizers(stabilizers(base.stabilizers()));
        return builder.build();
    }

    /**
     * Makes the run conditional; a folder's classes are known only from its files, so they are
     * counted here unless the settings already give them.
     */
    private static void countFolderClasses(TrainingConfig.Builder builder) throws IOException {
        TrainingConfig unconditional = builder.optConditional(false).build();
        builder.optConditional(true);
        if (unconditional.datasetSpec() instanceof DatasetSpec.Folder
                && unconditional.classes() == 0) {
            builder.optClasses(GanSetup.imageClassNames(unconditional).size());
        }
    }

    private long stepsFor(TrainingConfig base, long passes) throws IOException {
        if (steps != null) {
            throw new InvalidInputException("Give --steps or --epochs, not both");
        }
        if (!base.datasetSpec().isImage()) {
            throw new InvalidInputException(
                    "--epochs applies to image datasets; " + base.dataset() + " is endless, use"
                            + " --steps");
        }
        if (passes < 1) {
            throw new InvalidInputException("--epochs must be at least 1, got " + passes);
        }
        long perEpoch = GanSetup.imageCount(base, Dataset.Usage.TRAIN) / base.batchSize();
        return passes * Math.max(perEpoch, 1);
    }

    /** Whether a flag that sets both networks' optimiser was given. */
    private boolean sharedOptimizerFlags() {
        return optimizer != null || beta1 != null || beta2 != null || momentum != null
                || schedule != null || momentumRamp != null || finalMomentum != null;
    }

    private OptimizerConfig optimizer(OptimizerConfig base, Double learningRate) {
        double initialMomentum = momentum == null ? base.momentum() : momentum;
        long rampUpdates = momentumRamp == null ? base.momentumRampUpdates() : momentumRamp;
        if (finalMomentum != null && rampUpdates == 0) {
            throw new InvalidInputException("--final-momentum needs --momentum-ramp UPDATES");
        }
        if (momentumRamp != null && momentumRamp < 1) {
            throw new InvalidInputException(
                    "--momentum-ramp must be at least 1 update, got " + momentumRamp);
        }
        return new OptimizerConfig(
                optimizer == null ? base.kind() : OptimizerKind.fromId(optimizer),
                learningRate == null ? base.learningRate() : learningRate,
                beta1 == null ? base.beta1() : beta1,
                beta2 == null ? base.beta2() : beta2,
                base.epsilon(),
                initialMomentum,
                schedule == null ? base.schedule() : LearningRateSchedule.fromId(schedule),
                rampEnd(base, initialMomentum, rampUpdates),
                rampUpdates);
    }

    /**
     * The momentum a ramp ends at: --final-momentum, else the paper's 0.7 for a ramp given by
     * flag, else the base config's; without a ramp, the initial momentum.
     */
    private double rampEnd(OptimizerConfig base, double initialMomentum, long rampUpdates) {
        if (finalMomentum != null) {
            return finalMomentum;
        }
        if (rampUpdates == 0) {
            return initialMomentum;
        }
        return momentumRamp != null ? OptimizerConfig.PAPER_FINAL_MOMENTUM : base.finalMomentum();
    }

    private Stabilizers stabilizers(Stabilizers base) {
        return new Stabilizers(
                spectralNorm == null ? base.spectralNorm() : spectralNorm,
                ema == null ? base.ema() : ema,
                pack == null ? base.pack() : pack,
                labelSmoothing == null ? base.labelSmoothing() : labelSmoothing,
                instanceNoise == null ? base.instanceNoise() : instanceNoise,
                weightClip == null ? base.weightClip() : weightClip);
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static TrainingConfig readConfig(Path file) throws IOException {
        try {
            return TrainingConfig.fromJson(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("Config file '" + file + "' does not exist", e);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static Path defaultDirectory(TrainingConfig settings) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Paths.get(
                "runs",
                settings.datasetSpec().label()
                        + "-"
                        + settings.engine().toLowerCase(Locale.ROOT)
                        + "-"
                        + time);
    }
}
