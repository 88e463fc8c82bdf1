package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.StrictJson;
import io.github.djlgan.api.run.RunManifest;
import io.github.djlgan.djl.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Keeps a run's {@code manifest.json} true when the run is resumed: its top level describes the
 * run as it goes on now (engine and version, device, machine, commit), and {@code history} lists
 * what it ran on before, oldest first, each entry with the step it was left at.
 */
final class ManifestHistory {

    /** The key of the earlier manifests. */
    static final String HISTORY = "history";

    private ManifestHistory() {}

    /**
     * Rewrites a run's manifest for a resume.
     *
     * @param file the run's manifest.json
     * @param now the manifest of the process resuming the run
     * @param fromStep the step the run goes on from
     * @throws IOException if reading or writing fails
     * @throws InvalidInputException if the manifest is not strict JSON
     */
    static void resumed(Path file, RunManifest now, long fromStep) throws IOException {
        JsonObject updated = JsonParser.parseString(now.toJson()).getAsJsonObject();
        JsonArray history = new JsonArray();
        if (Files.isRegularFile(file)) {
            JsonObject before =
                    StrictJson.parseObject(
                            Files.readString(file, StandardCharsets.UTF_8), file.toString());
            JsonElement earlier = before.remove(HISTORY);
            if (earlier != null && earlier.isJsonArray()) {
                history.addAll(earlier.getAsJsonArray());
            }
            before.addProperty("leftAtStep", fromStep);
            history.add(before);
        }
        updated.add(HISTORY, history);
        AtomicFiles.writeString(
                file,
                new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(updated)
                        + System.lineSeparator());
    }

    /**
     * Describes the engine, device and machine of a run.
     *
     * @param engine the engine
     * @param device the device
     * @param deviceRequested the device as the settings ask for it, {@code auto} included
     * @param seed the run's seed
     * @param gitCommit the toolkit's commit, or null
     * @return the manifest
     */
    static RunManifest describe(
            Engine engine, Device device, String deviceRequested, long seed, String gitCommit) {
        return new RunManifest(
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion(),
                device.toString(),
                deviceRequested,
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("gan.threads"),
                seed,
                gitCommit,
                Instant.now().toString());
    }
}
