package io.github.djlgan.api.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.github.djlgan.api.InvalidInputException;

import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link TrainingConfig}. Reading is strict: an unknown key, a value of the wrong
 * type or an impossible value is an error naming the key, never silently ignored.
 */
final class ConfigJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private static final Set<String> OPTIMIZER_KEYS =
            Set.of(
                    "kind",
                    "learningRate",
                    "beta1",
                    "beta2",
                    "epsilon",
                    "momentum",
                    "schedule",
                    "finalMomentum",
                    "momentumRampUpdates");

    private static final Set<String> STABILIZER_KEYS =
            Set.of("spectralNorm", "ema", "pack", "labelSmoothing", "instanceNoise", "weightClip");

    private ConfigJson() {}

    static String write(TrainingConfig config) {
        JsonObject json = new JsonObject();
        json.addProperty("engine", config.engine());
        json.addProperty("device", config.device());
        json.addProperty("dataset", config.dataset());
        json.addProperty("architecture", config.architecture().id());
        json.addProperty("imageSize", config.imageSize());
        json.addProperty("channels", config.channels());
        json.addProperty("classes", config.classes());
        json.addProperty("dataDir", config.dataDir());
        json.addProperty("steps", config.steps());
        json.addProperty("batchSize", config.batchSize());
        json.addProperty("discriminatorSteps", config.discriminatorSteps());
        json.addProperty("loss", config.loss().id());
        json.addProperty("noise", config.noise().id());
        json.addProperty("latentDim", config.latentDim());
        json.addProperty("hiddenWidth", config.hiddenWidth());
        json.addProperty("hiddenLayers", config.hiddenLayers());
        json.add("generatorOptimizer", write(config.generatorOptimizer()));
        json.add("discriminatorOptimizer", write(config.discriminatorOptimizer()));
        json.addProperty("seed", config.seed());
        json.addProperty("logEvery", config.logEvery());
        json.addProperty("sampleEvery", config.sampleEvery());
        json.addProperty("checkpointEvery", config.checkpointEvery());
        json.add("stabilizers", write(config.stabilizers()));
        json.addProperty("keepCheckpoints", config.keepCheckpoints());
        json.addProperty("onDivergence", config.onDivergence().id());
        json.addProperty("keepBest", config.keepBest().id());
        json.addProperty("maxRollbacks", config.maxRollbacks());
        json.addProperty("rollbackFactor", config.rollbackFactor());
        return GSON.toJson(json) + System.lineSeparator();
    }

    private static JsonObject write(Stabilizers stabilizers) {
        JsonObject json = new JsonObject();
        json.addProperty("spectralNorm", stabilizers.spectralNorm());
        json.addProperty("ema", stabilizers.ema());
        json.addProperty("pack", stabilizers.pack());
        json.addProperty("labelSmoothing", stabilizers.labelSmoothing());
        json.addProperty("instanceNoise", stabilizers.instanceNoise());
        json.addProperty("weightClip", stabilizers.weightClip());
        return json;
    }

    private static JsonObject write(OptimizerConfig optimizer) {
        JsonObject json = new JsonObject();
        json.addProperty("kind", optimizer.kind().id());
        json.addProperty("learningRate", optimizer.learningRate());
        json.addProperty("beta1", optimizer.beta1());
        json.addProperty("beta2", optimizer.beta2());
        json.addProperty("epsilon", optimizer.epsilon());
        json.addProperty("momentum", optimizer.momentum());
        json.addProperty("schedule", optimizer.schedule().id());
        json.addProperty("finalMomentum", optimizer.finalMomentum());
        json.addProperty("momentumRampUpdates", optimizer.momentumRampUpdates());
        return json;
    }

    static TrainingConfig read(String text) {
        JsonObject json = parseObject(text);
        TrainingConfig.Builder builder = TrainingConfig.builder();
        JsonElement stabilizers = null;
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            switch (key) {
                case "engine" -> builder.optEngine(string(key, value));
                case "device" -> builder.optDevice(string(key, value));
                case "dataset" -> builder.optDataset(string(key, value));
                case "architecture" ->
                        builder.optArchitecture(ArchitectureKind.fromId(string(key, value)));
                case "imageSize" -> builder.optImageSize(intValue(key, value));
                case "channels" -> builder.optChannels(intValue(key, value));
                case "classes" -> builder.optClasses(intValue(key, value));
                case "dataDir" -> builder.optDataDir(value.isJsonNull() ? null : string(key, value));
                case "steps" -> builder.optSteps(integer(key, value));
                case "batchSize" -> builder.optBatchSize(intValue(key, value));
                case "discriminatorSteps" -> builder.optDiscriminatorSteps(intValue(key, value));
                case "loss" -> builder.optLoss(LossKind.fromId(string(key, value)));
                case "noise" -> builder.optNoise(NoiseKind.fromId(string(key, value)));
                case "latentDim" -> builder.optLatentDim(intValue(key, value));
                case "hiddenWidth" -> builder.optHiddenWidth(intValue(key, value));
                case "hiddenLayers" -> builder.optHiddenLayers(intValue(key, value));
                case "generatorOptimizer" -> builder.optGeneratorOptimizer(optimizer(key, value));
                case "discriminatorOptimizer" ->
                        builder.optDiscriminatorOptimizer(optimizer(key, value));
                case "seed" -> builder.optSeed(integer(key, value));
                case "logEvery" -> builder.optLogEvery(intValue(key, value));
                case "sampleEvery" -> builder.optSampleEvery(intValue(key, value));
                case "checkpointEvery" -> builder.optCheckpointEvery(intValue(key, value));
                case "stabilizers" -> stabilizers = value;
                case "keepCheckpoints" -> builder.optKeepCheckpoints(intValue(key, value));
                case "onDivergence" ->
                        builder.optOnDivergence(DivergenceAction.fromId(string(key, value)));
                case "keepBest" -> builder.optKeepBest(BestMetric.fromId(string(key, value)));
                case "maxRollbacks" -> builder.optMaxRollbacks(intValue(key, value));
                case "rollbackFactor" -> builder.optRollbackFactor(doubleValue(key, value));
                default ->
                        throw new InvalidInputException(
                                "Unknown config key '" + key + "'; known keys: " + knownKeys());
            }
        }
        if (stabilizers != null) {
            // Keys left out take the loss's defaults, known once the whole object is read.
            TrainingConfig base = builder.build();
            builder.optSeed(base.seed()).optStabilizers(stabilizers(stabilizers, base));
        }
        return builder.build();
    }

    private static Stabilizers stabilizers(JsonElement value, TrainingConfig base) {
        String key = "stabilizers";
        JsonObject json = checkedObject(key, value, STABILIZER_KEYS);
        Stabilizers defaults = base.stabilizers();
        boolean spectralNorm = defaults.spectralNorm();
        if (json.has("spectralNorm")) {
            JsonElement flag = json.get("spectralNorm");
            if (!flag.isJsonPrimitive() || !flag.getAsJsonPrimitive().isBoolean()) {
                throw wrongType(key + ".spectralNorm", "true or false", flag);
            }
            spectralNorm = flag.getAsBoolean();
        }
        return new Stabilizers(
                spectralNorm,
                number(key + ".ema", json, defaults.ema()),
                json.has("pack") ? intValue(key + ".pack", json.get("pack")) : defaults.pack(),
                number(key + ".labelSmoothing", json, defaults.labelSmoothing()),
                number(key + ".instanceNoise", json, defaults.instanceNoise()),
                number(key + ".weightClip", json, defaults.weightClip()));
    }

    private static JsonObject checkedObject(String key, JsonElement value, Set<String> known) {
        if (!value.isJsonObject()) {
            throw wrongType(key, "an object", value);
        }
        JsonObject json = value.getAsJsonObject();
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw new InvalidInputException(
                        "Unknown config key '"
                                + key
                                + "."
                                + field
                                + "'; known keys: "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return json;
    }

    private static JsonObject parseObject(String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new InvalidInputException("config is not valid JSON: " + rootMessage(e), e);
        }
        if (!root.isJsonObject()) {
            throw new InvalidInputException("config must be a JSON object, got: " + root);
        }
        return root.getAsJsonObject();
    }

    private static OptimizerConfig optimizer(String key, JsonElement value) {
        JsonObject json = checkedObject(key, value, OPTIMIZER_KEYS);
        OptimizerConfig defaults = TrainingConfig.defaultOptimizer();
        double momentum = number(key + ".momentum", json, defaults.momentum());
        return new OptimizerConfig(
                json.has("kind")
                        ? OptimizerKind.fromId(string(key + ".kind", json.get("kind")))
                        : defaults.kind(),
                number(key + ".learningRate", json, defaults.learningRate()),
                number(key + ".beta1", json, defaults.beta1()),
                number(key + ".beta2", json, defaults.beta2()),
                number(key + ".epsilon", json, defaults.epsilon()),
                momentum,
                json.has("schedule")
                        ? LearningRateSchedule.fromId(string(key + ".schedule", json.get("schedule")))
                        : defaults.schedule(),
                number(key + ".finalMomentum", json, momentum),
                json.has("momentumRampUpdates")
                        ? integer(key + ".momentumRampUpdates", json.get("momentumRampUpdates"))
                        : 0);
    }

    private static double number(String path, JsonObject json, double fallback) {
        String field = path.substring(path.indexOf('.') + 1);
        if (!json.has(field)) {
            return fallback;
        }
        JsonElement value = json.get(field);
        if (!isNumber(value)) {
            throw wrongType(path, "a number", value);
        }
        return value.getAsDouble();
    }

    private static double doubleValue(String key, JsonElement value) {
        if (!isNumber(value)) {
            throw wrongType(key, "a number", value);
        }
        return value.getAsDouble();
    }

    private static String string(String key, JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(key, "a string", value);
        }
        return value.getAsString();
    }

    private static long integer(String key, JsonElement value) {
        if (!isNumber(value)) {
            throw wrongType(key, "an integer", value);
        }
        double asDouble = value.getAsDouble();
        long asLong = value.getAsLong();
        if (asDouble != asLong && Math.abs(asDouble) < 0x1p53) {
            throw wrongType(key, "an integer", value);
        }
        return asLong;
    }

    private static int intValue(String key, JsonElement value) {
        long asLong = integer(key, value);
        if (asLong != (int) asLong) {
            throw new InvalidInputException(key + " is out of range: " + asLong);
        }
        return (int) asLong;
    }

    private static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber();
    }

    private static InvalidInputException wrongType(String key, String expected, JsonElement got) {
        return new InvalidInputException(
                "config key '" + key + "' must be " + expected + ", got " + got);
    }

    private static String knownKeys() {
        String defaults = write(TrainingConfig.builder().optSeed(0).build());
        return String.join(", ", JsonParser.parseString(defaults).getAsJsonObject().keySet());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // Gson adds a second line pointing at its troubleshooting page; one line is enough.
        return root.getMessage().lines().findFirst().orElse("");
    }
}
