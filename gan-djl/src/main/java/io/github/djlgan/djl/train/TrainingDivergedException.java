package io.github.djlgan.djl.train;

import io.github.djlgan.api.event.StepStats;

/**
 * Training produced a NaN or infinite loss or parameter; the step at which it was seen is in the
 * message.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The averages that were not finite. */
    private final transient StepStats stats;

    /**
     * Creates the exception.
     *
     * @param stats the averages over the interval in which a NaN or infinity was seen
     */
    public TrainingDivergedException(StepStats stats) {
        this(stats, "");
    }

    /**
     * Creates the exception with more to say, such as which checkpoint is kept.
     *
     * @param stats the averages over the interval in which a NaN or infinity was seen
     * @param more sentences appended to the message: what to do, given the run's settings, and
     *     which checkpoint is kept
     */
    public TrainingDivergedException(StepStats stats, String more) {
        super(
                "Training diverged: a loss, score or parameter is not finite in the "
                        + stats.steps()
                        + " steps up to step "
                        + stats.step()
                        + " (D loss "
                        + stats.discriminatorLoss()
                        + ", G loss "
                        + stats.generatorLoss()
                        + ")."
                        + (more.isEmpty() ? "" : " " + more));
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
