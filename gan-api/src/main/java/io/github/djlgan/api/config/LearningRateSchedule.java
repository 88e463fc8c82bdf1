package io.github.djlgan.api.config;

/** How a learning rate changes over a run. */
public enum LearningRateSchedule {
    /** The same rate throughout. */
    CONSTANT("constant"),
    /**
     * Decays linearly from the configured rate to 0 at the run's last update, which stops the
     * generator jittering around the modes at the end of training.
     */
    LINEAR("linear"),
    /**
     * The paper's exponential decay: the rate is divided by {@link #EXPONENTIAL_DECAY_FACTOR} at
     * every update and never falls below {@link #EXPONENTIAL_MIN_RATE}, the values of the
     * paper's MNIST configuration.
     *
     * @see <a href="https://github.com/goodfeli/adversarial/blob/master/mnist.yaml">the paper's
     *     mnist.yaml</a>
     */
    EXPONENTIAL("exponential");

    /** The exponential schedule's divisor per update, 1.000004 as in the paper's code. */
    public static final double EXPONENTIAL_DECAY_FACTOR = 1.000004;

    /** The exponential schedule's floor, 1e-6 as in the paper's code. */
    public static final double EXPONENTIAL_MIN_RATE = 1e-6;

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
     * @param id the name, {@code constant}, {@code linear} or {@code exponential}
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
