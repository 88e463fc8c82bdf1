package io.github.djlgan.djl.train;

import io.github.djlgan.api.event.StepStats;

/** Training produced a NaN or infinite loss; the step at which it was seen is in the message. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The averages that were not finite. */
    private final transient StepStats stats;

    /**
     * Creates the exception.
     *
     * @param stats the averages in which a NaN or infinity was seen
     */
    public TrainingDivergedException(StepStats stats) {
        super(
                "Training diverged: a loss or score is not finite in the "
                        + stats.steps()
                        + " steps up to step "
                        + stats.step()
                        + " (D loss "
                        + stats.discriminatorLoss()
                        + ", G loss "
                        + stats.generatorLoss()
                        + "). Lower the learning rates.");
        this.stats = stats;
    }

    /**
     * Returns the averages in which the divergence was seen.
     *
     * @return the stats
     */
    public StepStats stats() {
        return stats;
    }
}
