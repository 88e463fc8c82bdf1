package io.github.djlgan.djl.listener;

import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.TrainingListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
