package io.github.djlgan.djl.run;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.listener.CheckpointListener;
import io.github.djlgan.djl.listener.ImageGridListener;
import io.github.djlgan.djl.listener.MetricsCsvListener;
import io.github.djlgan.djl.listener.ProgressListener;
import io.github.djlgan.djl.listener.SamplePlotListener;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.GeneratorEma;
import io.github.djlgan.djl.train.TrainingListener;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The listeners of a {@link TrainingRun}, in the one order that keeps a run exact and its files
 * consistent. The trainer calls every listener's {@code onStats} before any listener's {@code
 * onStep}, so a step's metrics row is always written before its checkpoint. Within a step:
 *
 * <ol>
 *   <li>the progress bar (display only);
 *   <li>the generator EMA's update, before anything that saves or samples G: a checkpoint of step
 *       t must hold the average including step t, or a resumed run would miss that update;
 *   <li>the metrics CSV and the log line;
 *   <li>the checkpoint, before the pictures: when stopping (Ctrl-C), the checkpoint matters most;
 *   <li>the sample pictures;
 *   <li>the last averages, kept for the summary.
 * </ol>
 */
final class DefaultListeners {

    private static final Logger LOGGER = LogManager.getLogger(TrainingRun.class);

    private final List<TrainingListener> listeners;
    private final LastStats last = new LastStats();

    /**
     * Puts the listeners in order.
     *
     * @param config the run's settings
     * @param directory the run directory
     * @param progress whether to draw a progress bar
     * @param average the generator EMA, or null
     * @param metrics the metrics CSV
     * @param checkpoints the checkpoint writer
     */
    DefaultListeners(
            TrainingConfig config,
            Path directory,
            boolean progress,
            GeneratorEma average,
            MetricsCsvListener metrics,
            CheckpointListener checkpoints) {
        listeners = new ArrayList<>();
        if (progress) {
            listeners.add(new ProgressListener(config.loop().steps()));
        }
        if (average != null) {
            listeners.add(average);
        }
        listeners.add(metrics);
        listeners.add(new LogListener());
        listeners.add(checkpoints);
        listeners.add(samplePictures(config, directory));
        listeners.add(last);
    }

    /**
     * Returns the listeners in their order.
     *
     * @return the listeners
     */
    List<TrainingListener> inOrder() {
        return listeners;
    }

    /**
     * Returns the averages of the last log interval.
     *
     * @return the averages, or null before the first interval
     */
    StepStats lastStats() {
        return last.stats;
    }

    private static TrainingListener samplePictures(TrainingConfig config, Path directory) {
        Path samples = directory.resolve(RunDirectory.SAMPLES);
        long seed = RunSeeds.derive(config.seed()).evaluation();
        return config.data().datasetSpec().isImage()
                ? new ImageGridListener(
                        samples, config.cadence().sampleEvery(), seed, config.model().architecture().pixelRange())
                : new SamplePlotListener(
                        samples, config.cadence().sampleEvery(), config.data().syntheticDistribution(), seed);
    }

    /** Logs the averages at every log interval (not per step). */
    private static final class LogListener implements TrainingListener {
        @Override
        public void onStats(GanTrainer trainer, StepStats stats) {
            LOGGER.info(
                    "step {}: D loss {}, G loss {}, D(x) {}, D(G(z)) {}, {} ms/step",
                    stats.step(),
                    String.format(Locale.ROOT, "%.4f", stats.discriminatorLoss()),
                    String.format(Locale.ROOT, "%.4f", stats.generatorLoss()),
                    String.format(Locale.ROOT, "%.3f", stats.realScore()),
                    String.format(Locale.ROOT, "%.3f", stats.fakeScore()),
                    String.format(Locale.ROOT, "%.3f", stats.millisPerStep()));
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
