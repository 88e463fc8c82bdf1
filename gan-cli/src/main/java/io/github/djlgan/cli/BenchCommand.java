package io.github.djlgan.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.bench.BenchReport;
import io.github.djlgan.djl.bench.EngineComparison;
import io.github.djlgan.djl.bench.ReferenceModel;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.io.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code gan bench}: times a training iteration of the reference models on each engine in one
 * process, alternating the engines between repetitions, and reports the medians, their spread,
 * samples per second, peak resident memory, the ratio to the PyTorch engine and the share of the
 * machine's matrix-multiply peak reached.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Compares engines on this machine: ms per training iteration (D step + G step) of the",
            "reference models ring-mlp, mnist-mlp, dcgan28 and dcgan64, with Adam (lr 2e-4, betas"
                    + " 0.5/0.999)",
            "and the non-saturating loss. Prints a table and writes bench.md, bench.csv and",
            "bench.json into --dir."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE",
            description = "Engines to compare (any case). Default: pytorch,mxnet.")
    List<String> engines = List.of("pytorch", "mxnet");

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "ring-mlp, mnist-mlp, dcgan28, dcgan64 (3x64x64, about 1 s per"
                    + " iteration on one CPU thread). Default: all four.")
    List<String> models = Arrays.stream(ReferenceModel.values()).map(ReferenceModel::id).toList();

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of every engine. The ./gan launcher applies it before"
                    + " the engines load (as GAN_THREADS does); here it is checked against what"
                    + " they were started with. Default: the launcher's setting.")
    Integer threads;

    @Option(names = "--repetitions", description = "Timed repetitions per engine and model."
            + " Default: 5.")
    int repetitions = 5;

    @Option(names = "--seconds", description = "About how long one repetition lasts. Default: 2.")
    double seconds = 2;

    @Option(names = "--warmup", description = "Seconds of training before timing starts, per"
            + " engine and model. Default: 3.")
    double warmup = 3;

    @Option(names = "--seed", description = "Seed of parameters, data and noise. Default: 1.")
    long seed = 1;

    @Option(names = "--device", description = "cpu, gpu, gpu:N or auto. Default: cpu.")
    String device = "cpu";

    @Option(names = "--format", description = "What is printed (or written to --out): md, csv or"
            + " json. Default: md.")
    String format = "md";

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the --format output to FILE instead of printing it.")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where bench.md, bench.csv and bench.json go. Default: runs/bench-<time>.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        String chosenFormat = format.toLowerCase(Locale.ROOT);
        if (!List.of("md", "csv", "json").contains(chosenFormat)) {
            throw new InvalidInputException("--format must be md, csv or json, not '" + format + "'");
        }
        List<String> engineNames = new ArrayList<>();
        for (String name : engines) {
            String canonical = Engines.canonicalName(name);
            if (!engineNames.contains(canonical)) {
                engineNames.add(canonical);
            }
        }
        List<ReferenceModel> chosenModels =
                models.stream().map(ReferenceModel::of).distinct().toList();
        checkThreads(engineNames);
        Device target = deviceFor(engineNames);
        EngineComparison.Settings settings;
        try {
            settings =
                    new EngineComparison.Settings(
                            engineNames, chosenModels, repetitions, seconds, warmup, seed, target);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        Path directory = dir != null ? dir : defaultDirectory();
        Files.createDirectories(directory);
        PrintWriter err = spec.commandLine().getErr();
        BenchReport report =
                new EngineComparison(settings, line -> err.println("bench: " + line)).run();
        AtomicFiles.writeString(directory.resolve("bench.md"), report.toMarkdown());
        AtomicFiles.writeString(directory.resolve("bench.csv"), report.toCsv());
        AtomicFiles.writeString(directory.resolve("bench.json"), report.toJson());
        String text =
                switch (chosenFormat) {
                    case "csv" -> report.toCsv();
                    case "json" -> report.toJson();
                    default -> report.toMarkdown();
                };
        PrintWriter stdout = spec.commandLine().getOut();
        if (out != null) {
            AtomicFiles.writeString(out, text);
        } else {
            stdout.print(text);
        }
        stdout.println("results: " + directory);
        stdout.flush();
        return GanCli.OK;
    }

    /**
     * Engines read their thread settings once, when they load, from a system property (PyTorch)
     * or the environment (MXNet's OpenMP), which a running JVM cannot change for itself: so
     * {@code --threads} is applied by the launcher and only checked here.
     */
    private void checkThreads(List<String> engineNames) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads must be positive, not " + threads);
        }
        String wanted = threads.toString();
        List<String> mismatches = new ArrayList<>();
        if (engineNames.contains("PyTorch")
                && !wanted.equals(System.getProperty("ai.djl.pytorch.num_threads"))) {
            mismatches.add(
                    "PyTorch has ai.djl.pytorch.num_threads="
                            + System.getProperty("ai.djl.pytorch.num_threads"));
        }
        if (engineNames.contains("MXNet") && !wanted.equals(System.getenv("OMP_NUM_THREADS"))) {
            mismatches.add("MXNet has OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        }
        if (!mismatches.isEmpty()) {
            throw new InvalidInputException(
                    "--threads "
                            + threads
                            + " was not applied when the engines started ("
                            + String.join("; ", mismatches)
                            + "). Run through ./gan, which applies it, or set GAN_THREADS="
                            + threads
                            + ".");
        }
    }

    private Device deviceFor(List<String> engineNames) {
        Device chosen = null;
        for (String name : engineNames) {
            Device engineDevice = Engines.device(Engine.getEngine(name), device);
            if (chosen != null && !Objects.equals(chosen, engineDevice)) {
                throw new InvalidInputException(
                        "--device " + device + " means " + chosen + " on one engine and "
                                + engineDevice + " on another; name the device (cpu, gpu:N)");
            }
            chosen = engineDevice;
        }
        return chosen;
    }

    private static Path defaultDirectory() {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Paths.get("runs", "bench-" + time);
    }
}
