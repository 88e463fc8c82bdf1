package io.github.djlgan.djl.train;

import io.github.djlgan.api.event.StepStats;

import java.io.IOException;

/**
 * Watches a {@link GanTrainer} at work: progress, metrics files, checkpoints, pictures. Listeners
 * are small and composable; the loop itself knows none of them.
 */
public interface TrainingListener {

    /**
     * Called once before the first step.
     *
     * @param trainer the trainer
     * @throws IOException if the listener's output cannot be written
     */
    default void onTrainingStart(GanTrainer trainer) throws IOException {}

    /**
     * Called after every step. Keep it cheap: nothing here may read values back from the engine.
     *
     * @param trainer the trainer; {@link GanTrainer#step()} is the number of steps made
     * @throws IOException if the listener's output cannot be written
     */
    default void onStep(GanTrainer trainer) throws IOException {}

    /**
     * Called at every log interval and after the last step with the averages since the last call.
     *
     * @param trainer the trainer
     * @param stats the averages
     * @throws IOException if the listener's output cannot be written
     */
    default void onStats(GanTrainer trainer, StepStats stats) throws IOException {}

    /**
     * Called once after the last step.
     *
     * @param trainer the trainer
     * @throws IOException if the listener's output cannot be written
     */
    default void onTrainingEnd(GanTrainer trainer) throws IOException {}
}
