package io.github.djlgan.djl.listener;

import io.github.djlgan.djl.train.GanTrainer;
import io.github.djlgan.djl.train.TrainingListener;

import java.io.IOException;

/** A listener that acts every N steps and once more after the last step, unless it just did. */
abstract class PeriodicListener implements TrainingListener {

    private final int every;

    /**
     * Creates the listener.
     *
     * @param every the interval in steps; 0 acts only after the last step
     */
    PeriodicListener(int every) {
        this.every = every;
    }

    /**
     * Does the periodic work.
     *
     * @param trainer the trainer, at the step to act on
     * @throws IOException if the output cannot be written
     */
    abstract void act(GanTrainer trainer) throws IOException;

    @Override
    public final void onStep(GanTrainer trainer) throws IOException {
        if (every > 0 && trainer.step() % every == 0) {
            act(trainer);
        }
    }

    @Override
    public final void onTrainingEnd(GanTrainer trainer) throws IOException {
        if (every == 0 || trainer.step() % every != 0) {
            act(trainer);
        }
    }
}
