package io.github.djlgan.djl.listener;

import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.TrainingListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Appends one row of averages per log interval to {@code metrics.csv}: {@code step, d_loss,
 * g_loss, d_real, d_fake}, then a column per value the trainer's stabilisers log (such as
 * ADA's {@code augment_p}), then {@code ms_per_step}. Each row is flushed, so the file can be
 * watched while training runs.
 */
public final class MetricsCsvListener implements TrainingListener, AutoCloseable {

    /** The header line of a run whose stabilisers log nothing. */
    public static final String HEADER = header(List.of());

    private final Path file;
    private final BufferedWriter writer;
    private final List<String> extraColumns;

    /**
     * Creates the file and writes its header.
     *
     * @param file the CSV file to create
     * @param extraColumns the names of the stabilisers' logged values, in order
     * @throws IOException if the file cannot be created
     */
    public MetricsCsvListener(Path file, Collection<String> extraColumns) throws IOException {
        this(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8), extraColumns);
        writer.write(header(this.extraColumns));
        writer.newLine();
        writer.flush();
    }

    private MetricsCsvListener(Path file, BufferedWriter writer, Collection<String> extraColumns) {
        this.file = file;
        this.writer = writer;
        this.extraColumns = List.copyOf(extraColumns);
    }

    private static String header(List<String> extraColumns) {
        StringBuilder header = new StringBuilder("step,d_loss,g_loss,d_real,d_fake");
        extraColumns.forEach(column -> header.append(',').append(column));
        return header.append(",ms_per_step").toString();
    }

    /**
     * Opens a run's metrics file to go on after a checkpoint: rows up to the checkpoint's step are
     * kept, later ones (written before a crash or a divergence) are dropped, and new rows are
     * appended.
     *
     * @param file the CSV file; created with its header if absent
     * @param lastStep the step training goes on from
     * @param extraColumns the names of the stabilisers' logged values, in order
     * @return the listener
     * @throws IOException if reading or writing fails
     */
    public static MetricsCsvListener resuming(
            Path file, long lastStep, Collection<String> extraColumns) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new MetricsCsvListener(file, extraColumns);
        }
        List<String> kept = new ArrayList<>();
        kept.add(header(List.copyOf(extraColumns)));
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            if (comma > 0 && line.substring(0, comma).chars().allMatch(Character::isDigit)
                    && Long.parseLong(line.substring(0, comma)) <= lastStep) {
                kept.add(line);
            }
        }
        AtomicFiles.writeString(
                file, String.join(System.lineSeparator(), kept) + System.lineSeparator());
        return new MetricsCsvListener(
                file,
                Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND),
                extraColumns);
    }

    @Override
    public void onStats(GanTrainer trainer, StepStats stats) throws IOException {
        StringBuilder row =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%d,%.6g,%.6g,%.6g,%.6g",
                                stats.step(),
                                stats.discriminatorLoss(),
                                stats.generatorLoss(),
                                stats.realScore(),
                                stats.fakeScore()));
        Map<String, Double> logged =
                extraColumns.isEmpty() ? Map.of() : trainer.stabilizerLogValues();
        for (String column : extraColumns) {
            row.append(String.format(Locale.ROOT, ",%.6g", logged.getOrDefault(column, Double.NaN)));
        }
        row.append(String.format(Locale.ROOT, ",%.4f", stats.millisPerStep()));
        try {
            writer.write(row.toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new IOException("writing " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
