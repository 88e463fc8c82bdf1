package io.github.djlgan.api;

/**
 * A mistake in what the user supplied: a setting out of range, an unknown name, a missing or
 * damaged file, a device that does not exist.
 *
 * <p>It is an {@link IllegalArgumentException}, as DJL's builders throw, but its own type lets a
 * front end tell the user's mistakes (one clear message, exit code 2) from the program's own
 * failures (exit code 1).
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message meant for the user.
     *
     * @param message what was wrong and, where it helps, what is accepted
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message meant for the user and the failure behind it.
     *
     * @param message what was wrong and, where it helps, what is accepted
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
