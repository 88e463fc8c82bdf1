package io.github.djlgan.djl.bench;

import ai.djl.engine.Engine;

import com.google.gson.GsonBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of an {@link EngineComparison}: the machine and engines it ran on, and one row per
 * engine and model, as a Markdown table, CSV or JSON.
 *
 * @param machine where and with what settings it ran
 * @param rows one per engine and model
 */
public record BenchReport(Machine machine, List<Row> rows) {

    private static final String[] CSV_HEADER = {
        "model", "engine", "batch", "repetitions", "iterations_per_repetition", "median_ms",
        "min_ms", "max_ms", "cpu_ms", "samples_per_s", "peak_rss_mib", "ratio_to_pytorch",
        "gflop_per_iteration", "achieved_gflops", "share_of_matmul_peak"
    };

    /** Copies the rows. */
    public BenchReport {
        rows = List.copyOf(rows);
    }

    /**
     * Formats the report as Markdown: a line on the machine and engines, then the table.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%s; %d processors; %s; Java %s; DJL %s; load average %s before, %s"
                                + " after%n%n",
                        machine.date(),
                        machine.processors(),
                        machine.os(),
                        machine.javaVersion(),
                        machine.djlVersion(),
                        machine.loadBefore(),
                        machine.loadAfter()));
        for (EngineInfo engine : machine.engines()) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "- %s %s: %s; fp32 matmul peak %.1f GFLOP/s%n",
                            engine.name(),
                            engine.version(),
                            engine.threads(),
                            engine.matmulGflops()));
        }
        text.append(String.format(Locale.ROOT, "- GLIBC_TUNABLES: %s%n%n", machine.glibcTunables()));
        text.append(
                "| model | engine | batch | ms/iteration, median | min-max | CPU ms | samples/s |"
                        + " peak RSS MiB | vs PyTorch | GFLOP/iteration | GFLOP/s | share of"
                        + " peak |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %.2f | %.2f-%.2f | %.2f | %.0f | %s | %s | %.3f | %.1f |"
                                    + " %.1f%% |%n",
                            row.model(),
                            row.engine(),
                            row.batchSize(),
                            row.medianMillis(),
                            row.minMillis(),
                            row.maxMillis(),
                            row.cpuMillis(),
                            row.samplesPerSecond(),
                            row.peakResidentMib() < 0
                                    ? "?"
                                    : String.format(Locale.ROOT, "%.0f", row.peakResidentMib()),
                            row.ratioToPyTorch() == null
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", row.ratioToPyTorch()),
                            row.gflopPerIteration(),
                            row.achievedGflops(),
                            100 * row.shareOfPeak()));
        }
        return text.toString();
    }

    /**
     * Formats the rows as CSV with a header line.
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder text = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (Row row : rows) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%.2f,%.1f,%s,%.5f,%.3f,%.5f%n",
                            row.model(),
                            row.engine(),
                            row.batchSize(),
                            row.millisPerIteration().length,
                            row.iterationsPerRepetition(),
                            row.medianMillis(),
                            row.minMillis(),
                            row.maxMillis(),
                            row.cpuMillis(),
                            row.samplesPerSecond(),
                            row.peakResidentMib(),
                            row.ratioToPyTorch() == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.4f", row.ratioToPyTorch()),
                            row.gflopPerIteration(),
                            row.achievedGflops(),
                            row.shareOfPeak()));
        }
        return text.toString();
    }

    /**
     * Formats the whole report, every repetition's time included, as JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeNulls()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(this)
                + System.lineSeparator();
    }

    /**
     * One engine's settings and peak.
     *
     * @param name the engine
     * @param version its native library's version
     * @param threads its thread settings
     * @param matmulGflops its fp32 matrix-multiply peak, GFLOP/s
     */
    public record EngineInfo(String name, String version, String threads, double matmulGflops) {}

    /**
     * Where a comparison ran.
     *
     * @param date when it finished, ISO-8601
     * @param os the operating system and architecture
     * @param processors the processors the JVM sees
     * @param javaVersion the Java runtime
     * @param djlVersion DJL's version
     * @param device the device
     * @param glibcTunables the {@code GLIBC_TUNABLES} the process started with
     * @param loadBefore the load averages (1, 5, 15 min) at the start
     * @param loadAfter the load averages at the end
     * @param seed the seed of parameters, data and noise
     * @param repetitions the timed repetitions per engine and model
     * @param engines every engine's settings and peak
     */
    public record Machine(
            String date,
            String os,
            int processors,
            String javaVersion,
            String djlVersion,
            String device,
            String glibcTunables,
            String loadBefore,
            String loadAfter,
            long seed,
            int repetitions,
            List<EngineInfo> engines) {

        /** Copies the engines. */
        public Machine {
            engines = List.copyOf(engines);
        }

        static Machine describe(
                EngineComparison.Settings settings,
                Map<String, Double> peaks,
                String loadBefore,
                String loadAfter) {
            List<EngineInfo> engines = new ArrayList<>();
            for (String engine : settings.engines()) {
                engines.add(
                        new EngineInfo(
                                engine,
                                Engine.getEngine(engine).getVersion(),
                                EngineComparison.threadSetting(engine),
                                peaks.get(engine)));
            }
            String tunables = System.getenv("GLIBC_TUNABLES");
            return new Machine(
                    Instant.now().toString(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Engine.getDjlVersion(),
                    settings.device().toString(),
                    tunables == null ? "unset" : tunables,
                    loadBefore,
                    loadAfter,
                    settings.seed(),
                    settings.repetitions(),
                    engines);
        }
    }

    /**
     * One engine and model.
     *
     * @param model the model's name
     * @param engine the engine
     * @param batchSize the minibatch size
     * @param iterationsPerRepetition the iterations each repetition timed
     * @param millisPerIteration each repetition's mean time per iteration, in order
     * @param medianMillis the median over repetitions
     * @param minMillis the fastest repetition
     * @param maxMillis the slowest repetition
     * @param cpuMillis the median over repetitions of the process's CPU time per iteration, all
     *     threads together (0 where the JVM cannot tell)
     * @param samplesPerSecond the batch size over the median time
     * @param peakResidentMib the process's peak resident memory while this row was timed (every
     *     engine and model of the comparison loaded), MiB, or -1 when unknown
     * @param ratioToPyTorch the median over PyTorch's median for the same model, or null without a
     *     PyTorch row
     * @param gflopPerIteration the model's cost per iteration ({@link
     *     ReferenceModel#flopsPerIteration()}), GFLOP
     * @param achievedGflops the cost over the median time, GFLOP/s
     * @param shareOfPeak the achieved rate over the engine's matrix-multiply peak
     */
    public record Row(
            String model,
            String engine,
            int batchSize,
            int iterationsPerRepetition,
            double[] millisPerIteration,
            double medianMillis,
            double minMillis,
            double maxMillis,
            double cpuMillis,
            double samplesPerSecond,
            double peakResidentMib,
            Double ratioToPyTorch,
            double gflopPerIteration,
            double achievedGflops,
            double shareOfPeak) {

        /** The engine the ratios are taken to. */
        static final String BASELINE = "PyTorch";

        /** Copies the repetitions' times. */
        public Row {
            millisPerIteration = millisPerIteration.clone();
        }

        static Row of(
                String engine,
                ReferenceModel model,
                int iterations,
                double[] millis,
                double cpuMillis,
                long peakBytes,
                double peakGflops) {
            double median = median(millis);
            double gflop = model.flopsPerIteration() / 1e9;
            double achieved = gflop / (median / 1e3);
            return new Row(
                    model.id(),
                    engine,
                    model.batchSize(),
                    iterations,
                    millis,
                    median,
                    Arrays.stream(millis).min().orElseThrow(),
                    Arrays.stream(millis).max().orElseThrow(),
                    cpuMillis,
                    model.batchSize() / (median / 1e3),
                    peakBytes < 0 ? -1 : peakBytes / (1024.0 * 1024.0),
                    null,
                    gflop,
                    achieved,
                    peakGflops > 0 ? achieved / peakGflops : Double.NaN);
        }

        /** Fills in each row's ratio to the PyTorch row of the same model, where there is one. */
        static List<Row> withRatios(List<Row> rows) {
            List<Row> result = new ArrayList<>();
            for (Row row : rows) {
                Double ratio =
                        rows.stream()
                                .filter(
                                        other ->
                                                other.engine.equals(BASELINE)
                                                        && other.model.equals(row.model))
                                .findFirst()
                                .map(baseline -> row.medianMillis / baseline.medianMillis)
                                .orElse(null);
                result.add(
                        new Row(
                                row.model, row.engine, row.batchSize,
                                row.iterationsPerRepetition, row.millisPerIteration,
                                row.medianMillis, row.minMillis, row.maxMillis, row.cpuMillis,
                                row.samplesPerSecond, row.peakResidentMib, ratio,
                                row.gflopPerIteration, row.achievedGflops, row.shareOfPeak));
            }
            return result;
        }

        /**
         * Returns the median: the middle value, or the mean of the two middle values.
         *
         * @param values at least one value
         * @return the median
         */
        static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1
                    ? sorted[middle]
                    : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
