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
import java.util.List;
import java.util.Locale;

/**
 * Appends one row of averages per log interval to {@code metrics.csv}: {@code step, d_loss,
 * g_loss, d_real, d_fake, ms_per_step}. Each row is flushed, so the file can be watched while
 * training runs.
 */
public final class MetricsCsvListener implements TrainingListener, AutoCloseable {

    /** The header line. */
    public static final String HEADER = "step,d_loss,g_loss,d_real,d_fake,ms_per_step";

    private final BufferedWriter writer;

    /**
     * Creates the file and writes its header.
     *
     * @param file the CSV file to create
     * @throws IOException if the file cannot be created
     */
    public MetricsCsvListener(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        writer.write(HEADER);
        writer.newLine();
        writer.flush();
    }

    private MetricsCsvListener(BufferedWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens a run's metrics file to go on after a checkpoint: rows up to the checkpoint's step are
     * kept, later ones (written before a crash or a divergence) are dropped, and new rows are
     * appended.
     *
     * @param file the CSV file; created with its header if absent
     * @param lastStep the step training goes on from
     * @return the listener
     * @throws IOException if reading or writing fails
     */
    public static MetricsCsvListener resuming(Path file, long lastStep) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new MetricsCsvListener(file);
        }
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
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
                Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    @Override
    public void onStats(GanTrainer trainer, StepStats stats) throws IOException {
        writer.write(
                String.format(
                        Locale.ROOT,
                        "%d,%.6g,%.6g,%.6g,%.6g,%.4f",
                        stats.step(),
                        stats.discriminatorLoss(),
                        stats.generatorLoss(),
                        stats.realScore(),
                        stats.fakeScore(),
                        stats.millisPerStep()));
        writer.newLine();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
