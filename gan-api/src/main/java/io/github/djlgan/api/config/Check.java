package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/** Range checks that name the field and the bad value. */
final class Check {

    private Check() {}

    static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(field + " must be a positive number, got " + value);
        }
    }

    static void unitInterval(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidInputException(field + " must be in [0, 1), got " + value);
        }
    }

    static void atLeast(String field, long value, long minimum) {
        if (value < minimum) {
            throw new InvalidInputException(
                    field + " must be at least " + minimum + ", got " + value);
        }
    }

    static void atMost(String field, long value, long maximum, String why) {
        if (value > maximum) {
            throw new InvalidInputException(
                    field + " must be at most " + maximum + " (" + why + "), got " + value);
        }
    }

    /**
     * Returns a value that was set, or the setting's default for the basis.
     *
     * @param value the value set, or null
     * @param setting where the default comes from
     * @param basis what the default depends on
     * @return the value
     */
    static <T> T or(T value, ConfigDefault<T> setting, ConfigDefaults.Basis basis) {
        return value != null ? value : setting.value(basis);
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field + " must be set");
        }
        return value;
    }

    static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " must be set");
        }
        return value;
    }
}
