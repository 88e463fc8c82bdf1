package io.github.djlgan.djl.train;

import java.nio.file.Path;

/**
 * Training stopped on request (Ctrl-C) before its last step, after writing a checkpoint; the
 * message says how to go on.
 */
public class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The step training stopped at. */
    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the step training stopped at, which the last checkpoint holds
     * @param directory the run directory
     */
    public TrainingStoppedException(long step, Path directory) {
        super(
                "Stopped at step " + step + " with a checkpoint; go on with: gan train --resume "
                        + directory);
        this.step = step;
    }

    /**
     * Returns the step training stopped at.
     *
     * @return the step
     */
    public long step() {
        return step;
    }
}
