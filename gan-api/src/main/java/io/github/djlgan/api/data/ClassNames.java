package io.github.djlgan.api.data;

import io.github.djlgan.api.InvalidInputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The classes of a conditional generator (Mirza and Osindero 2014): label {@code i} (from 0 to
 * {@code size() - 1}) is named by entry {@code i}, as one line of a DJL model directory's {@code
 * synset.txt} names one class of DJL's image classifiers. A generator whose names are unknown
 * (trained before names were recorded, or on data without them) has its labels' numbers as names,
 * "0", "1" and so on.
 *
 * <p>{@link #label(String)} turns what a person types into a label: a class name, matched exactly
 * and then, if exactly one name matches it that way, ignoring case (so {@code "ankle boot"} finds
 * Fashion-MNIST's "Ankle boot"); otherwise a label's number. A name wins over a number: where the
 * class folders are named {@code 1}, {@code 2} and {@code 5}, "2" is the class whose folder is
 * named 2 (label 1), and "0" is label 0 (folder {@code 1}).
 */
public final class ClassNames {

    /** How many names a message lists before it gives the count of the rest. */
    public static final int SHOWN = 20;

    private final List<String> names;
    private final boolean named;

    private ClassNames(List<String> names, boolean named) {
        this.names = names;
        this.named = named;
    }

    /**
     * Returns the classes of a generator.
     *
     * @param names the class names, label 0 first; empty where they are unknown
     * @param classes the number of classes, 0 for an unconditional generator
     * @return the classes, named by their numbers where {@code names} is empty
     * @throws InvalidInputException if the names are not valid for {@code classes} classes (see
     *     {@link #check})
     */
    public static ClassNames of(List<String> names, int classes) {
        if (names.isEmpty()) {
            return new ClassNames(
                    IntStream.range(0, classes).mapToObj(Integer::toString).toList(), false);
        }
        check(names, classes);
        return new ClassNames(List.copyOf(names), true);
    }

    /**
     * Checks a list of class names: as many as there are classes (none for an unconditional
     * generator), each one non-empty, free of line breaks and other control characters (a name is
     * one line of {@code synset.txt} and of a message), and different from the others.
     *
     * @param names the names, label 0 first
     * @param classes the number of classes
     * @throws InvalidInputException naming the first bad name, or the counts
     */
    public static void check(List<String> names, int classes) {
        if (names.size() != classes) {
            throw new InvalidInputException(
                    "classNames must name each of the " + classes + " classes once, got "
                            + names.size() + " names" + (classes == 0 ? " for an unconditional"
                            + " generator" : ""));
        }
        Set<String> seen = new HashSet<>();
        for (int label = 0; label < names.size(); label++) {
            String name = names.get(label);
            if (name == null || name.isEmpty()) {
                throw new InvalidInputException("classNames[" + label + "] must not be empty");
            }
            if (name.codePoints().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException(
                        "classNames[" + label + "] must not hold a line break or another control"
                                + " character, got " + quoted(name.replaceAll("\\p{Cntrl}", "?"))
                                + " (rename the class's folder)");
            }
            if (!seen.add(name)) {
                throw new InvalidInputException(
                        "classNames[" + label + "] repeats the name " + quoted(name));
            }
        }
    }

    /**
     * Returns the number of classes.
     *
     * @return 0 for an unconditional generator
     */
    public int size() {
        return names.size();
    }

    /**
     * Tells whether the classes have names of their own, rather than their numbers.
     *
     * @return whether names were recorded
     */
    public boolean named() {
        return named;
    }

    /**
     * Returns the names, label 0 first.
     *
     * @return the names, or the labels' numbers as text where none were recorded
     */
    public List<String> names() {
        return names;
    }

    /**
     * Returns the name of a label.
     *
     * @param label the label, from 0 to {@code size() - 1}
     * @return its name
     * @throws InvalidInputException if the label is not a class
     */
    public String name(int label) {
        return names.get(label(label));
    }

    /**
     * Checks a label given as a number.
     *
     * @param number the label
     * @return the label
     * @throws InvalidInputException if it is not from 0 to {@code size() - 1}; the message lists
     *     the classes
     */
    public int label(long number) {
        if (number < 0 || number >= names.size()) {
            throw notAClass(Long.toString(number));
        }
        return (int) number;
    }

    /**
     * Finds the label a person asks for: a class name (exactly, else ignoring case where that
     * finds one name), else a label's number.
     *
     * @param classOrNumber a class name or a label number
     * @return the label, from 0 to {@code size() - 1}
     * @throws InvalidInputException if it names no class, is ambiguous, or is a number out of
     *     range; one line listing the classes
     */
    public int label(String classOrNumber) {
        if (classOrNumber == null) {
            throw notAClass("null");
        }
        int exact = names.indexOf(classOrNumber);
        if (exact >= 0) {
            return exact;
        }
        List<Integer> folded = new ArrayList<>();
        String lower = classOrNumber.toLowerCase(Locale.ROOT);
        for (int label = 0; label < names.size(); label++) {
            if (names.get(label).toLowerCase(Locale.ROOT).equals(lower)) {
                folded.add(label);
            }
        }
        if (folded.size() == 1) {
            return folded.get(0);
        }
        if (classOrNumber.matches("[0-9]{1,9}")) {
            return label(Long.parseLong(classOrNumber));
        }
        throw notAClass(classOrNumber);
    }

    /**
     * Lists the classes as a message does: {@code 0 "ants", 1 "cats"}, or {@code 0 to 9} where
     * they go by number; at most {@value #SHOWN} names, then how many there are.
     *
     * @return the list, on one line
     */
    public String describe() {
        if (names.isEmpty()) {
            return "none (the generator is not conditional)";
        }
        if (!named) {
            return "0 to " + (names.size() - 1);
        }
        StringBuilder text = new StringBuilder();
        for (int label = 0; label < Math.min(SHOWN, names.size()); label++) {
            text.append(label == 0 ? "" : ", ").append(label).append(' ')
                    .append(quoted(names.get(label)));
        }
        if (names.size() > SHOWN) {
            text.append(", ... (").append(names.size()).append(" classes)");
        }
        return text.toString();
    }

    private InvalidInputException notAClass(String asked) {
        if (names.isEmpty()) {
            return new InvalidInputException(
                    quoted(asked) + " asks for a class, but the generator is not conditional"
                            + " (trained without --conditional)");
        }
        return new InvalidInputException(
                quoted(asked) + " is not a class; the classes are " + describe());
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassNames that && names.equals(that.names) && named == that.named;
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + Boolean.hashCode(named);
    }

    @Override
    public String toString() {
        return describe();
    }
}
