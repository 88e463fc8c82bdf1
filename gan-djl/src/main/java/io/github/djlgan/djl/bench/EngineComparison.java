package io.github.djlgan.djl.bench;

import ai.djl.Device;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Times a training iteration of each {@link ReferenceModel} on each engine, in one process, the
 * way {@code gan bench} reports it.
 *
 * <ol>
 *   <li>Per engine, the fp32 matrix-multiply peak ({@link MatmulPeak}).
 *   <li>Per engine and model, a {@link ReferenceTraining} is built and warmed up for {@code
 *       warmupSeconds}; the warm-up's speed sets the iterations per repetition, so that each lasts
 *       about {@code secondsPerRepetition}.
 *   <li>Repetitions: each model runs on every engine in turn, the order of the engines reversed
 *       from one repetition to the next, so that drift of the machine (other load, heat) hits every
 *       engine alike. A repetition times its iterations and one read-back of the loss at the end, so
 *       an asynchronous engine is timed until its work is done.
 * </ol>
 *
 * <p>The median over repetitions is the figure; the minimum and maximum show the spread. The
 * process's CPU time per iteration (every thread, the engines' own included) is recorded beside
 * the wall time: on a machine shared with other work it moves much less than the wall time.
 */
public final class EngineComparison {

    /** The side of the square matrices of the peak measurement. */
    static final int MATMUL_SIDE = 1024;

    private final Settings settings;
    private final Consumer<String> progress;

    /**
     * Creates a comparison.
     *
     * @param settings what to run
     * @param progress told one line per stage (for a person watching)
     */
    public EngineComparison(Settings settings, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs every configuration.
     *
     * @return the measurements
     */
    public BenchReport run() {
        String loadBefore = MachineLoad.read();
        Map<String, Double> peaks = new LinkedHashMap<>();
        for (String engine : settings.engines()) {
            progress.accept(engine + ": fp32 matrix-multiply peak");
            peaks.put(
                    engine,
                    MatmulPeak.measure(engine, settings.device(), MATMUL_SIDE, 10, 5));
        }
        List<BenchReport.Row> rows = new ArrayList<>();
        for (ReferenceModel model : settings.models()) {
            rows.addAll(runModel(model, peaks));
        }
        return new BenchReport(
                BenchReport.Machine.describe(settings, peaks, loadBefore, MachineLoad.read()),
                rows);
    }

    private List<BenchReport.Row> runModel(ReferenceModel model, Map<String, Double> peaks) {
        List<String> engines = settings.engines();
        List<ReferenceTraining> trainings = new ArrayList<>();
        try {
            int[] iterations = new int[engines.size()];
            for (int e = 0; e < engines.size(); e++) {
                progress.accept(engines.get(e) + " " + model + ": warm-up");
                ReferenceTraining training =
                        ReferenceTraining.create(
                                model, engines.get(e), settings.device(), settings.seed());
                trainings.add(training);
                iterations[e] = warmUp(training);
            }
            double[][] millis = new double[engines.size()][settings.repetitions()];
            double[][] cpuMillis = new double[engines.size()][settings.repetitions()];
            long[] peakBytes = new long[engines.size()];
            for (int rep = 0; rep < settings.repetitions(); rep++) {
                for (int i = 0; i < engines.size(); i++) {
                    int e = rep % 2 == 0 ? i : engines.size() - 1 - i;
                    progress.accept(
                            engines.get(e) + " " + model + ": repetition " + (rep + 1) + " of "
                                    + settings.repetitions());
                    ResidentMemory.resetPeak();
                    long cpuStart = processCpuNanos();
                    millis[e][rep] = time(trainings.get(e), iterations[e]);
                    cpuMillis[e][rep] = (processCpuNanos() - cpuStart) / 1e6 / iterations[e];
                    peakBytes[e] = Math.max(peakBytes[e], ResidentMemory.peakBytes());
                }
            }
            List<BenchReport.Row> rows = new ArrayList<>();
            for (int e = 0; e < engines.size(); e++) {
                rows.add(
                        BenchReport.Row.of(
                                engines.get(e),
                                model,
                                iterations[e],
                                millis[e],
                                BenchReport.Row.median(cpuMillis[e]),
                                peakBytes[e],
                                peaks.get(engines.get(e))));
            }
            return BenchReport.Row.withRatios(rows);
        } finally {
            for (ReferenceTraining training : trainings) {
                training.close();
            }
        }
    }

    /**
     * Trains for at least the warm-up time (and three iterations) and returns the iterations one
     * repetition should make.
     */
    private int warmUp(ReferenceTraining training) {
        long start = System.nanoTime();
        long deadline = start + (long) (settings.warmupSeconds() * 1e9);
        int done = 0;
        while (done < 3 || System.nanoTime() < deadline) {
            training.iterate(1);
            done++;
            if (done % 10 == 0 || done < 10) {
                training.finish();
            }
        }
        training.finish();
        double secondsEach = (System.nanoTime() - start) / 1e9 / done;
        return (int) Math.max(3, Math.ceil(settings.secondsPerRepetition() / secondsEach));
    }

    /** The CPU time of every thread of the process so far, or 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(os.getProcessCpuTime(), 0)
                : 0;
    }

    private static double time(ReferenceTraining training, int iterations) {
        long start = System.nanoTime();
        training.iterate(iterations);
        double loss = training.finish();
        double millis = (System.nanoTime() - start) / 1e6 / iterations;
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException(
                    training.engine() + " " + training.model() + ": the loss became " + loss);
        }
        return millis;
    }

    /**
     * What a comparison runs.
     *
     * @param engines the DJL engine names, in their canonical spelling
     * @param models the models
     * @param repetitions the timed repetitions per engine and model
     * @param secondsPerRepetition about how long one repetition lasts
     * @param warmupSeconds how long each engine and model trains before timing starts
     * @param seed the seed of parameters, data and noise
     * @param device the device
     */
    public record Settings(
            List<String> engines,
            List<ReferenceModel> models,
            int repetitions,
            double secondsPerRepetition,
            double warmupSeconds,
            long seed,
            Device device) {

        /** Validates every field. */
        public Settings {
            engines = List.copyOf(engines);
            models = List.copyOf(models);
            if (engines.isEmpty()) {
                throw new IllegalArgumentException("engines must not be empty");
            }
            if (models.isEmpty()) {
                throw new IllegalArgumentException("models must not be empty");
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException(
                        "repetitions must be positive, got " + repetitions);
            }
            if (!(secondsPerRepetition > 0)) {
                throw new IllegalArgumentException(
                        "secondsPerRepetition must be positive, got " + secondsPerRepetition);
            }
            if (!(warmupSeconds >= 0)) {
                throw new IllegalArgumentException(
                        "warmupSeconds must not be negative, got " + warmupSeconds);
            }
            Objects.requireNonNull(device, "device");
        }
    }

    /** The system's load averages, for the record of how quiet the machine was. */
    static final class MachineLoad {
        private MachineLoad() {}

        static String read() {
            try {
                String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return String.join(" ", Arrays.copyOf(fields, 3));
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }

    /**
     * Describes an engine's thread settings as this process was started with them: the system
     * properties DJL's PyTorch engine reads, MXNet's OpenMP variable. Engine names, not classes, so
     * nothing here depends on an engine.
     */
    static String threadSetting(String engine) {
        return switch (engine) {
            case "PyTorch" ->
                    "intra-op "
                            + System.getProperty("ai.djl.pytorch.num_threads", "default")
                            + ", inter-op "
                            + System.getProperty("ai.djl.pytorch.num_interop_threads", "default");
            case "MXNet" ->
                    "OMP_NUM_THREADS "
                            + Objects.requireNonNullElse(System.getenv("OMP_NUM_THREADS"), "unset");
            default -> "engine default";
        };
    }

}
