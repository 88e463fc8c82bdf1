package io.github.djlgan.api.run;

import com.google.gson.GsonBuilder;

/**
 * Where and with what a run was made, written as {@code manifest.json} beside its config: with the
 * config it is enough to repeat the run and to know why two runs differ.
 *
 * @param engine the DJL engine name
 * @param engineVersion the native library's version as the engine reports it
 * @param djlVersion the version of DJL's API
 * @param device the device trained on, as DJL names it ({@code cpu()}, {@code gpu(0)})
 * @param deviceRequested the device as the run's settings ask for it ({@code cpu}, {@code gpu},
 *     {@code gpu:N} or {@code auto}); with {@code auto} it differs from {@code device}, which says
 *     what was found
 * @param javaVersion the Java runtime's version
 * @param os the operating system and architecture
 * @param processors the processors the JVM sees
 * @param threads the engine's intra-op threads as set by the launcher, or null when left to the
 *     engine
 * @param seed the run's seed
 * @param gitCommit the commit of the toolkit that made the run, or null when unknown
 * @param startedAt the start time, ISO-8601
 */
public record RunManifest(
        String engine,
        String engineVersion,
        String djlVersion,
        String device,
        String deviceRequested,
        String javaVersion,
        String os,
        int processors,
        String threads,
        long seed,
        String gitCommit,
        String startedAt) {

    /**
     * Writes the manifest as pretty-printed JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(this)
                + System.lineSeparator();
    }
}
