package io.github.djlgan.api.config;

/** How a learning rate changes over a run. */
public enum LearningRateSchedule {
    /** The same rate throughout. */
    CONSTANT("constant"),
    /**
     * Decays linearly from the configured rate to 0 at the run's last update, which stops the
     * generator jittering around the modes at the end of training.
     */
    LINEAR("linear");

    private final String id;

    LearningRateSchedule(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in flags and config files.
     *
     * @return the name
     */
    public String id() {
        return id;
    }

    /**
     * Looks up a schedule by its name.
     *
     * @param id the name, {@code constant} or {@code linear}
     * @return the schedule
     * @throws io.github.djlgan.api.InvalidInputException if no schedule has that name
     */
    public static LearningRateSchedule fromId(String id) {
        return Names.find(values(), LearningRateSchedule::id, id, "learning-rate schedule");
    }

    @Override
    public String toString() {
        return id;
    }
}
