package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The flat config.json files that earlier versions wrote (one per kind of run, written by the
 * main branch before the configuration was grouped) still load, to the same values.
 */
public class LegacyConfigTest {

    /** Where each flat key lives in the grouped form; written out here, not taken from the code. */
    private static final Map<String, String> GROUP_OF =
            Map.ofEntries(
                    Map.entry("engine", "runtime"),
                    Map.entry("device", "runtime"),
                    Map.entry("dataset", "data"),
                    Map.entry("dataDir", "data"),
                    Map.entry("imageSize", "data"),
                    Map.entry("channels", "data"),
                    Map.entry("batchSize", "data"),
                    Map.entry("architecture", "model"),
                    Map.entry("noise", "model"),
                    Map.entry("latentDim", "model"),
                    Map.entry("hiddenWidth", "model"),
                    Map.entry("hiddenLayers", "model"),
                    Map.entry("classes", "model"),
                    Map.entry("steps", "loop"),
                    Map.entry("discriminatorSteps", "loop"),
                    Map.entry("loss", "loop"),
                    Map.entry("generatorOptimizer", "loop"),
                    Map.entry("discriminatorOptimizer", "loop"),
                    Map.entry("logEvery", "cadence"),
                    Map.entry("sampleEvery", "cadence"),
                    Map.entry("checkpointEvery", "cadence"),
                    Map.entry("keepCheckpoints", "reliability"),
                    Map.entry("onDivergence", "reliability"),
                    Map.entry("keepBest", "reliability"),
                    Map.entry("maxRollbacks", "reliability"),
                    Map.entry("rollbackFactor", "reliability"));

    @DataProvider
    public Object[][] legacyFiles() {
        String[] names = {
            "ring8", "grid25", "gaussian1d", "fashion-dcgan", "paper-mlp", "folder",
            "folder-conditional", "fashion-conditional", "fashion-gray-28-width", "minimax",
            "least-squares", "hinge", "wasserstein", "spectral-ema", "pack", "smoothing-noise",
            "weight-clip", "sgd-ramp", "rmsprop", "keep-best", "epochs"
        };
        Object[][] rows = new Object[names.length][];
        for (int i = 0; i < names.length; i++) {
            rows[i] = new Object[] {names[i]};
        }
        return rows;
    }

    /**
     * Every value of an old flat file is where the grouped form puts it, unchanged: compared as
     * JSON values, so optimisers and stabilisers are compared field by field.
     */
    @Test(dataProvider = "legacyFiles")
    public void flatConfigLoadsToTheSameValues(String name) throws IOException {
        Path folder = Files.createTempDirectory("legacy-folder");
        String text = resource(name).replace("@FOLDER@", folder.toString());
        JsonObject flat = JsonParser.parseString(text).getAsJsonObject();

        TrainingConfig config = TrainingConfig.fromJson(text);
        JsonObject grouped = JsonParser.parseString(config.toJson()).getAsJsonObject();

        assertEquals(flat.keySet().size(), GROUP_OF.size() + 2, "seed and stabilizers besides");
        for (Map.Entry<String, JsonElement> entry : flat.entrySet()) {
            String key = entry.getKey();
            JsonElement expected = entry.getValue();
            JsonElement actual =
                    switch (key) {
                        case "seed", "stabilizers" -> grouped.get(key);
                        default -> grouped.getAsJsonObject(GROUP_OF.get(key)).get(key);
                    };
            assertEquals(actual, expected, name + ": " + key);
        }
        assertEquals(config.data().dataset().contains(folder.toString()),
                text.contains(folder.toString()));
        // The grouped form reads back to the same configuration.
        assertEquals(TrainingConfig.fromJson(config.toJson()), config);
    }

    @Test
    public void aFlatKeyInAGroupedFileIsAnError() {
        InvalidInputException error =
                expectThrows(
                        InvalidInputException.class,
                        () -> TrainingConfig.fromJson("{\"data\": {}, \"steps\": 3}"));
        assertTrue(error.getMessage().contains("Unknown config key 'steps'"), error.getMessage());
        InvalidInputException nested =
                expectThrows(
                        InvalidInputException.class,
                        () -> TrainingConfig.fromJson("{\"loop\": {\"stepz\": 3}}"));
        assertTrue(nested.getMessage().contains("Unknown config key 'loop.stepz'"),
                nested.getMessage());
        assertTrue(nested.getMessage().contains("steps"), nested.getMessage());
        InvalidInputException type =
                expectThrows(
                        InvalidInputException.class,
                        () -> TrainingConfig.fromJson("{\"loop\": {\"steps\": \"many\"}}"));
        assertTrue(type.getMessage().contains("'loop.steps' must be an integer"),
                type.getMessage());
    }

    @Test
    public void groupedFileIsPrettyPrintedSeedFirst() {
        String json = TrainingConfig.builder().optSeed(4).build().toJson();
        assertTrue(json.startsWith("{\n  \"seed\": 4,\n  \"runtime\": {\n    \"engine\""), json);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in =
                LegacyConfigTest.class.getResourceAsStream("/legacy-configs/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
