package io.github.djlgan.api.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One setting's default, as {@link ConfigDefaults} defines it: cases tried in order, each with
 * its reason, the last applying always.
 *
 * @param <T> the value's type
 */
public final class ConfigDefault<T> {

    /**
     * One case of a setting.
     *
     * @param when when it applies, null for every basis (the last case)
     * @param value the default
     * @param reason why, one line
     * @param <T> the value's type
     */
    public record Case<T>(ConfigDefaults.Condition when, T value, String reason) {}

    private final String name;
    private final List<Case<T>> cases = new ArrayList<>();

    private ConfigDefault(String name) {
        this.name = name;
    }

    static <T> ConfigDefault<T> named(String name) {
        return new ConfigDefault<>(name);
    }

    ConfigDefault<T> when(ConfigDefaults.Condition condition, T value, String reason) {
        cases.add(new Case<>(condition, value, reason));
        return this;
    }

    ConfigDefault<T> otherwise(T value, String reason) {
        cases.add(new Case<>(null, value, reason));
        return this;
    }

    /**
     * Returns the setting's name, the config field it fills.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the cases, in the order they are tried; the last applies always.
     *
     * @return the cases
     */
    public List<Case<T>> cases() {
        return List.copyOf(cases);
    }

    /**
     * Returns the last case's value: the default where no condition applies, the only one of a
     * setting that depends on nothing.
     *
     * @return the value
     */
    public T otherwiseValue() {
        return cases.get(cases.size() - 1).value();
    }

    /**
     * Returns the default for a basis and the reason for it.
     *
     * @param basis what the default depends on
     * @return the first case that applies
     */
    public ConfigDefaults.Default<T> resolve(ConfigDefaults.Basis basis) {
        for (Case<T> c : cases) {
            if (c.when() == null || c.when().test().test(basis)) {
                return new ConfigDefaults.Default<>(c.value(), c.reason());
            }
        }
        throw new IllegalStateException(name + " has no case for every basis");
    }

    /**
     * Returns the default for a basis.
     *
     * @param basis what the default depends on
     * @return the value
     */
    public T value(ConfigDefaults.Basis basis) {
        return resolve(basis).value();
    }

    /**
     * Describes the default for a help text, for example {@code "Default: 2000 for images,
     * otherwise 10000."}: the first case that applies wins.
     *
     * @return the sentence
     */
    public String describe() {
        return describe(value -> value);
    }

    /**
     * Describes one part of the default, for example the learning rate of an optimiser.
     * Neighbouring cases with the same part are joined, and cases that the later ones would
     * give the same part anyway are left out, as is a case whose condition lies {@link
     * ConfigDefaults.Condition#within within} the next case's when both give the same part.
     *
     * @param part the part of a value the sentence states
     * @return the sentence
     */
    public String describe(Function<T, ?> part) {
        List<String> labels = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = cases.size() - 1; i >= 0; i--) {
            Case<T> c = cases.get(i);
            String value = format(part.apply(c.value()));
            if (c.when() == null) {
                labels.add(0, null);
                values.add(0, value);
            } else if (values.stream().allMatch(value::equals)) {
                continue; // the later cases give the same
            } else if (c.when().within() != null && c.when().within() == cases.get(i + 1).when()
                    && values.get(0).equals(value)) {
                continue; // the next case is wider and gives the same
            } else if (values.get(0).equals(value) && labels.get(0) != null) {
                labels.set(0, c.when().label() + " or " + labels.get(0));
            } else {
                labels.add(0, c.when().label());
                values.add(0, value);
            }
        }
        StringBuilder text = new StringBuilder("Default: ");
        for (int i = 0; i < values.size() - 1; i++) {
            text.append(values.get(i)).append(" for ").append(labels.get(i)).append(", ");
        }
        if (values.size() > 1) {
            text.append("otherwise ");
        }
        return text.append(values.get(values.size() - 1)).append('.').toString();
    }

    /**
     * Writes a default as the help text states it: small numbers as {@code 1e-3}, ids of choices
     * as they are typed, null (no penalty) as {@code none}.
     *
     * @param value the value, or null
     * @return the text
     */
    public static String format(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Double number) {
            BigDecimal decimal = BigDecimal.valueOf(number).stripTrailingZeros();
            if (decimal.precision() == 1 && decimal.scale() >= 3) {
                return decimal.unscaledValue() + "e-" + decimal.scale();
            }
            return decimal.scale() < 0 ? decimal.toBigInteger().toString()
            : decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
