package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up a choice (a loss, an architecture, a background...) by the name used in flags and config files. */
public final class Names {

    private Names() {}

    /**
     * Finds the value whose name is {@code id}.
     *
     * @param values every value of the family
     * @param nameOf the name of a value
     * @param id the name looked for
     * @param what what the family is called in the error message, for example "loss"
     * @return the value named {@code id}
     * @throws InvalidInputException naming the known values if none matches
     */
    public static <E> E find(E[] values, Function<E, String> nameOf, String id, String what) {
        for (E value : values) {
            if (nameOf.apply(value).equals(id)) {
                return value;
            }
        }
        String known = Arrays.stream(values).map(nameOf).collect(Collectors.joining(", "));
        throw new InvalidInputException("Unknown " + what + " '" + id + "'; known: " + known);
    }
}
