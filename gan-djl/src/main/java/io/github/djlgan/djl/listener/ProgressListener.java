package io.github.djlgan.djl.listener;

import ai.djl.training.util.ProgressBar;

import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.TrainingListener;

import java.util.Locale;

/**
 * A terminal progress bar (DJL's own), redrawn when the percentage changes, showing the latest
 * averages. Set {@code DJL_DISABLE_PROGRESS_BAR=true} to silence it.
 */
public final class ProgressListener implements TrainingListener {

    private final ProgressBar bar;
    private String latest = "";

    /**
     * Creates a progress bar for a run.
     *
     * @param lastStep the step training stops at
     */
    public ProgressListener(long lastStep) {
        this.bar = new ProgressBar("Training", lastStep);
    }

    @Override
    public void onStep(GanTrainer trainer) {
        bar.update(trainer.step() - 1, latest);
    }

    @Override
    public void onStats(GanTrainer trainer, StepStats stats) {
        latest =
                String.format(
                        Locale.ROOT,
                        "D %.3f  G %.3f  D(x) %.2f  D(G(z)) %.2f  %.2f ms/step",
                        stats.discriminatorLoss(),
                        stats.generatorLoss(),
                        stats.realScore(),
                        stats.fakeScore(),
                        stats.millisPerStep());
    }
}
