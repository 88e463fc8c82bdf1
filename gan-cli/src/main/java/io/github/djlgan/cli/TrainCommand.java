package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.run.RunPlanning;
import io.github.djlgan.djl.run.TrainingRun;
import io.github.djlgan.djl.train.TrainingStoppedException;

import org.apache.logging.log4j.Level;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code gan train}: trains a GAN and writes a run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        resourceBundle = "io.github.djlgan.cli.TrainHelp",
        description = {
            "Trains a GAN and writes a run directory.",
            "Algorithm 1 of Goodfellow et al. (2014). The run directory holds config.json,"
                    + " manifest.json, metrics.csv, summary.json, train.log, samples/ and"
                    + " checkpoints/.",
            "With no options: the MLP GAN on ring8, PyTorch, CPU, about a minute on 2 cores.",
            "Images: --dataset fashion-mnist or --dataset folder:PATH (DCGAN).",
            "Where a default depends on the run, the first case that applies wins."
        })
final class TrainCommand implements Callable<Integer> {

    private static final String NO_PROGRESS = "--no-progress";

    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Start from this config.json (for example a run's); flags override it.")
    Path config;

    @Mixin(name = "runtime") RuntimeOptions runtime = new RuntimeOptions();

    @Mixin(name = "data") DataOptions data = new DataOptions();

    @Mixin(name = "model") ModelOptions model = new ModelOptions();

    @Mixin(name = "loop") LoopOptions loop = new LoopOptions();

    @Mixin(name = "optimizers") OptimizerOptions optimizers = new OptimizerOptions();

    @Mixin(name = "stabilizers") StabilizerOptions stabilizers = new StabilizerOptions();

    @Mixin(name = "cadence") CadenceOptions cadence = new CadenceOptions();

    @Mixin(name = "reliability") ReliabilityOptions reliability = new ReliabilityOptions();

    @Option(names = "--seed", description = "The run's seed. Default: drawn at random, recorded.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory. Default: runs/<dataset>-<engine>-<time>.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the files of an existing run directory.")
    boolean overwrite;

    @Option(names = NO_PROGRESS, description = "Draw no progress bar.")
    boolean noProgress;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on training the run in DIR"
            + " from its newest undamaged checkpoint, with its own settings; only"
            + " ${bundle:resume.allowed} may be given besides it.")
    Path resume;

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
            TrainingSummary summary;
            try {
                summary = run.train();
            } catch (TrainingStoppedException e) {
                log.end(Level.WARN, e.getMessage());
                spec.commandLine().getErr().println("gan: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return GanCli.STOPPED;
            } catch (IOException | RuntimeException e) {
                // Every way a run ends is train.log's last line, the same line the terminal shows.
                log.end(Level.ERROR, GanCli.message(e));
                throw e;
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(summary.describe());
            stdout.println("run directory: " + directory);
            return GanCli.OK;
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
     * Names the options a resumed run accepts besides --resume: those that do not change what is
     * trained (the runtime and reliability options, the number of steps, the progress bar). The
     * check of a resume's flags and the help text both come from here.
     *
     * @return the options' names
     */
    static List<String> resumable() {
        List<String> names = new ArrayList<>();
        names.add(LoopOptions.STEPS);
        for (Object group : List.of(new RuntimeOptions(), new ReliabilityOptions())) {
            for (OptionSpec option : CommandSpec.forAnnotatedObject(group).options()) {
                names.add(option.longestName());
            }
        }
        names.add(NO_PROGRESS);
        return names;
    }

    /**
     * Builds the settings of a resumed run: its own config.json with the few flags that may
     * change.
     *
     * @return the validated settings
     * @throws InvalidInputException if a flag that would change the run's nature is given
     */
    TrainingConfig resumeSettings() throws IOException {
        List<String> allowed = resumable();
        for (OptionSpec given : spec.commandLine().getParseResult().matchedOptions()) {
            if (!given.inherited() && !allowed.contains(given.longestName())
                    && !given.longestName().equals("--resume")) {
                throw new InvalidInputException(
                        "--resume goes on with the run's own settings; besides it, only "
                                + String.join(", ", allowed) + " may be given, not "
                                + given.longestName());
            }
        }
        TrainingConfig.Builder builder = readConfig(RunDirectory.requireRun(resume)).toBuilder();
        runtime.applyTo(builder);
        loop.applyTo(builder);
        reliability.applyTo(builder);
        return builder.build();
    }

    /**
     * Builds the run's settings: the config file or the defaults, then every flag given.
     *
     * @return the validated settings
     */
    TrainingConfig settings() throws IOException {
        TrainingConfig.Builder builder =
                config == null ? TrainingConfig.builder() : readConfig(config).toBuilder();
        runtime.applyTo(builder);
        data.applyTo(builder);
        model.applyTo(builder);
        loop.applyTo(builder);
        stabilizers.applyTo(builder);
        cadence.applyTo(builder);
        reliability.applyTo(builder);
        Flags.set(seed, builder::optSeed);
        if (model.conditional) {
            RunPlanning.conditional(builder);
        }
        // The optimisers' and the epochs' defaults depend on the settings above.
        TrainingConfig base = builder.build();
        builder.optSeed(base.seed());
        optimizers.applyTo(builder, base);
        loop.applyEpochs(builder, base);
        return builder.build();
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
                settings.data().datasetSpec().label()
                        + "-"
                        + settings.runtime().engine().toLowerCase(Locale.ROOT)
                        + "-"
                        + time);
    }
}
