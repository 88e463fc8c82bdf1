package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * What training does when a loss or a parameter becomes NaN or infinite (checked at every log
 * interval and before every checkpoint).
 */
public enum DivergenceAction {
    /** Stop with a message naming the step; the last good checkpoint is kept. The default. */
    STOP("stop"),

    /**
     * Reload the last good checkpoint, multiply both learning rates by {@link
     * TrainingConfig#rollbackFactor()} and go on, at most {@link TrainingConfig#maxRollbacks()}
     * times; then stop.
     */
    ROLLBACK("rollback");

    private final String id;

    DivergenceAction(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name, for example {@code rollback}
     */
    public String id() {
        return id;
    }

    /**
     * Looks up an action by its name.
     *
     * @param id the name
     * @return the action
     * @throws InvalidInputException if no action has that name
     */
    public static DivergenceAction fromId(String id) {
        return Names.find(values(), DivergenceAction::id, id, "divergence action");
    }

    @Override
    public String toString() {
        return id;
    }
}
