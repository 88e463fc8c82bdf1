package io.github.djlgan.djl.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.StrictJson;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The best checkpoint so far.
 *
 * @param name its directory's name, {@code step-NNNNNNNN}
 * @param step its step
 * @param metric the metric it is best by
 * @param score its score by that metric, higher is better
 * @param measurements what was measured, by name, for the reader
 */
public record BestCheckpoint(
        String name, long step, String metric, double score, Map<String, Double> measurements) {

    String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("checkpoint", name);
        json.addProperty("step", step);
        json.addProperty("metric", metric);
        json.addProperty("score", score);
        JsonObject measured = new JsonObject();
        measurements.forEach(measured::addProperty);
        json.add("measurements", measured);
        return json + System.lineSeparator();
    }

    static BestCheckpoint fromJson(String text, String source) {
        JsonObject json = StrictJson.parseObject(text, source);
        Map<String, Double> measured = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry :
                json.getAsJsonObject("measurements").entrySet()) {
            measured.put(entry.getKey(), entry.getValue().getAsDouble());
        }
        String name = json.get("checkpoint").getAsString();
        if (!CheckpointStore.NAME.matcher(name).matches()) {
            // Never a path: "../../elsewhere" would lead out of the run.
            throw new InvalidInputException(
                    source + " names '" + name + "', which is not a checkpoint of this run");
        }
        return new BestCheckpoint(
                name,
                json.get("step").getAsLong(),
                json.get("metric").getAsString(),
                json.get("score").getAsDouble(),
                measured);
    }
}
