package io.github.djlgan.cli;

import java.util.function.Consumer;

/** Applies the flags a user gave, and only those. */
final class Flags {

    private Flags() {}

    /**
     * Passes a flag's value on if the flag was given.
     *
     * @param value the value, null if the flag was not given
     * @param setter what takes it
     * @param <T> the value's type
     */
    static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
