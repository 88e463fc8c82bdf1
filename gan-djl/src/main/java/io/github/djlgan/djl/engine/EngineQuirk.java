package io.github.djlgan.djl.engine;

import java.util.Objects;

/**
 * A known way in which one engine behaves differently from the others, that code of this project
 * works around: which engine and versions, what happens, why it matters, and the test that proves
 * the workaround. The entries live in {@link EngineQuirks}.
 *
 * @param id a short stable name, such as {@code convolution-output-channels}
 * @param engine the engine's name as DJL gives it ({@code PyTorch}, {@code MXNet})
 * @param fromVersion the first engine version known to behave so, inclusive
 * @param toVersion the last version known to behave so, inclusive, or null when no later version
 *     is known to be free of it (the workaround then applies to every later version too)
 * @param what what the engine does
 * @param why why it matters here, and how it is worked around
 * @param provenBy the test that shows the behaviour or the workaround, as {@code
 *     fully.qualified.TestClass#method}
 */
public record EngineQuirk(
        String id,
        String engine,
        String fromVersion,
        String toVersion,
        String what,
        String why,
        String provenBy) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field other than {@code toVersion} is null
     */
    public EngineQuirk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(provenBy, "provenBy");
    }

    /**
     * Tells whether an engine of a name and version has this quirk.
     *
     * @param engineName the engine's name, as {@code Engine.getEngineName()} gives it
     * @param version its version, as {@code Engine.getVersion()} gives it, dotted numbers such
     *     as {@code 2.7.1} (a suffix after the numbers, as in {@code 2.7.1-cu128}, is ignored)
     * @return whether the name matches and the version lies in [fromVersion, toVersion]
     */
    public boolean appliesTo(String engineName, String version) {
        return engine.equals(engineName)
                && compare(version, fromVersion) >= 0
                && (toVersion == null || compare(version, toVersion) <= 0);
    }

    /** Compares dotted version numbers numerically, missing parts counting as 0. */
    static int compare(String left, String right) {
        int[] a = numbers(left);
        int[] b = numbers(right);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference =
                    Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("[^0-9.]", 2)[0].split("\\.");
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
        }
        return numbers;
    }
}
