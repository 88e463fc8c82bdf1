package io.github.djlgan.api.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.github.djlgan.api.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON form of {@link TrainingConfig}: one object per group, {@code seed} first. Reading is
 * strict: an unknown key, a value of the wrong type or an impossible value is an error naming the
 * key, never silently ignored. The flat form that earlier versions wrote (every field at the top,
 * {@code stabilizers} and the optimisers as objects) is read as well, so that old run directories
 * still load and resume; a file is flat when none of its top-level keys names a group.
 */
final class ConfigJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private static final String STABILIZERS = "stabilizers";

    private static final List<String> GROUPS =
            List.of("runtime", "data", "model", "loop", STABILIZERS, "cadence", "reliability");

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

    /** Every field but the stabilisers, by group, in the order they are written. */
    private static final List<Field> FIELDS =
            List.of(
                    new Field("runtime", "engine",
                            (r, k, v) -> r.builder.optRuntime(b -> b.optEngine(string(k, v))),
                            c -> new JsonPrimitive(c.runtime().engine())),
                    new Field("runtime", "device",
                            (r, k, v) -> r.builder.optRuntime(b -> b.optDevice(string(k, v))),
                            c -> new JsonPrimitive(c.runtime().device())),
                    new Field("data", "dataset",
                            (r, k, v) -> r.builder.optData(b -> b.optDataset(string(k, v))),
                            c -> new JsonPrimitive(c.data().dataset())),
                    new Field("data", "dataDir",
                            (r, k, v) -> r.builder.optData(
                                    b -> b.optDataDir(v.isJsonNull() ? null : string(k, v))),
                            c -> c.data().dataDir() == null ? JsonNull.INSTANCE
                                    : new JsonPrimitive(c.data().dataDir())),
                    new Field("data", "imageSize",
                            (r, k, v) -> r.builder.optData(b -> b.optImageSize(intValue(k, v))),
                            c -> new JsonPrimitive(c.data().imageSize())),
                    new Field("data", "channels",
                            (r, k, v) -> r.builder.optData(b -> b.optChannels(intValue(k, v))),
                            c -> new JsonPrimitive(c.data().channels())),
                    new Field("data", "batchSize",
                            (r, k, v) -> r.builder.optData(b -> b.optBatchSize(intValue(k, v))),
                            c -> new JsonPrimitive(c.data().batchSize())),
                    new Field("model", "architecture",
                            (r, k, v) -> r.builder.optModel(b -> b.optArchitecture(
                                    ArchitectureKind.fromId(string(k, v)))),
                            c -> new JsonPrimitive(c.model().architecture().id())),
                    new Field("model", "noise",
                            (r, k, v) -> r.builder.optModel(
                                    b -> b.optNoise(NoiseKind.fromId(string(k, v)))),
                            c -> new JsonPrimitive(c.model().noise().id())),
                    new Field("model", "latentDim",
                            (r, k, v) -> r.builder.optModel(b -> b.optLatentDim(intValue(k, v))),
                            c -> new JsonPrimitive(c.model().latentDim())),
                    new Field("model", "hiddenWidth",
                            (r, k, v) -> r.builder.optModel(b -> b.optHiddenWidth(intValue(k, v))),
                            c -> new JsonPrimitive(c.model().hiddenWidth())),
                    new Field("model", "hiddenLayers",
                            (r, k, v) -> r.builder.optModel(
                                    b -> b.optHiddenLayers(intValue(k, v))),
                            c -> new JsonPrimitive(c.model().hiddenLayers())),
                    new Field("model", "classes",
                            (r, k, v) -> r.builder.optModel(b -> b.optClasses(intValue(k, v))),
                            c -> new JsonPrimitive(c.model().classes())),
                    new Field("loop", "steps",
                            (r, k, v) -> r.builder.optLoop(b -> b.optSteps(integer(k, v))),
                            c -> new JsonPrimitive(c.loop().steps())),
                    new Field("loop", "discriminatorSteps",
                            (r, k, v) -> r.builder.optLoop(
                                    b -> b.optDiscriminatorSteps(intValue(k, v))),
                            c -> new JsonPrimitive(c.loop().discriminatorSteps())),
                    new Field("loop", "loss",
                            (r, k, v) -> r.builder.optLoop(
                                    b -> b.optLoss(LossKind.fromId(string(k, v)))),
                            c -> new JsonPrimitive(c.loop().loss().id())),
                    new Field("loop", "generatorOptimizer",
                            (r, k, v) -> r.optimizers.put(k, v),
                            c -> write(c.loop().generatorOptimizer())),
                    new Field("loop", "discriminatorOptimizer",
                            (r, k, v) -> r.optimizers.put(k, v),
                            c -> write(c.loop().discriminatorOptimizer())),
                    new Field("cadence", "logEvery",
                            (r, k, v) -> r.builder.optCadence(b -> b.optLogEvery(intValue(k, v))),
                            c -> new JsonPrimitive(c.cadence().logEvery())),
                    new Field("cadence", "sampleEvery",
                            (r, k, v) -> r.builder.optCadence(
                                    b -> b.optSampleEvery(intValue(k, v))),
                            c -> new JsonPrimitive(c.cadence().sampleEvery())),
                    new Field("cadence", "checkpointEvery",
                            (r, k, v) -> r.builder.optCadence(
                                    b -> b.optCheckpointEvery(intValue(k, v))),
                            c -> new JsonPrimitive(c.cadence().checkpointEvery())),
                    new Field("reliability", "keepCheckpoints",
                            (r, k, v) -> r.builder.optReliability(
                                    b -> b.optKeepCheckpoints(intValue(k, v))),
                            c -> new JsonPrimitive(c.reliability().keepCheckpoints())),
                    new Field("reliability", "onDivergence",
                            (r, k, v) -> r.builder.optReliability(
                                    b -> b.optOnDivergence(DivergenceAction.fromId(string(k, v)))),
                            c -> new JsonPrimitive(c.reliability().onDivergence().id())),
                    new Field("reliability", "keepBest",
                            (r, k, v) -> r.builder.optReliability(
                                    b -> b.optKeepBest(BestMetric.fromId(string(k, v)))),
                            c -> new JsonPrimitive(c.reliability().keepBest().id())),
                    new Field("reliability", "maxRollbacks",
                            (r, k, v) -> r.builder.optReliability(
                                    b -> b.optMaxRollbacks(intValue(k, v))),
                            c -> new JsonPrimitive(c.reliability().maxRollbacks())),
                    new Field("reliability", "rollbackFactor",
                            (r, k, v) -> r.builder.optReliability(
                                    b -> b.optRollbackFactor(doubleValue(k, v))),
                            c -> new JsonPrimitive(c.reliability().rollbackFactor())));

    private ConfigJson() {}

    static String write(TrainingConfig config) {
        JsonObject json = new JsonObject();
        json.addProperty("seed", config.seed());
        for (String group : GROUPS) {
            json.add(group, group.equals(STABILIZERS) ? write(config.stabilizers())
                    : new JsonObject());
        }
        for (Field field : FIELDS) {
            json.getAsJsonObject(field.group()).add(field.name(), field.write().apply(config));
        }
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
        boolean grouped = json.keySet().stream()
                .anyMatch(key -> GROUPS.contains(key) && !key.equals(STABILIZERS));
        Reading reading = new Reading();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            if (key.equals("seed")) {
                reading.builder.optSeed(integer(key, value));
            } else if (key.equals(STABILIZERS)) {
                readStabilizers(key, value, reading.builder);
            } else if (grouped && GROUPS.contains(key)) {
                Map<String, Field> known = fields(f -> f.group().equals(key), Field::name);
                JsonObject group = checkedObject(key, value, known.keySet());
                for (Map.Entry<String, JsonElement> inner : group.entrySet()) {
                    Field field = known.get(inner.getKey());
                    field.read().read(reading, key + "." + field.name(), inner.getValue());
                }
            } else {
                Map<String, Field> flat = fields(f -> true, Field::name);
                if (grouped || !flat.containsKey(key)) {
                    throw new InvalidInputException(
                            "Unknown config key '" + key + "'; known keys: "
                                    + knownKeys(grouped, flat.keySet()));
                }
                flat.get(key).read().read(reading, key, value);
            }
        }
        // Keys an optimiser object leaves out take that run's default optimiser's values, known
        // once the dataset, the architecture and the loss are read.
        ConfigDefaults.Basis basis = reading.builder.basis();
        OptimizerConfig defaults = ConfigDefaults.OPTIMIZER.value(basis);
        reading.optimizers.forEach((key, value) -> {
            OptimizerConfig optimizer = optimizer(key, value, defaults);
            if (key.endsWith("generatorOptimizer")) {
                reading.builder.optLoop(b -> b.optGeneratorOptimizer(optimizer));
            } else {
                reading.builder.optLoop(b -> b.optDiscriminatorOptimizer(optimizer));
            }
        });
        return reading.builder.build();
    }

    private static Map<String, Field> fields(
            java.util.function.Predicate<Field> which, Function<Field, String> key) {
        return FIELDS.stream().filter(which).collect(Collectors.toMap(
                key, f -> f, (a, b) -> a, LinkedHashMap::new));
    }

    private static String knownKeys(boolean grouped, Set<String> flat) {
        if (grouped) {
            return "seed, " + String.join(", ", GROUPS);
        }
        return String.join(", ", flat) + ", seed, " + STABILIZERS;
    }

    private static void readStabilizers(
            String key, JsonElement value, TrainingConfig.Builder builder) {
        JsonObject json = checkedObject(key, value, STABILIZER_KEYS);
        builder.optStabilizers(b -> {
            if (json.has("spectralNorm")) {
                JsonElement flag = json.get("spectralNorm");
                if (!flag.isJsonPrimitive() || !flag.getAsJsonPrimitive().isBoolean()) {
                    throw wrongType(key + ".spectralNorm", "true or false", flag);
                }
                b.optSpectralNorm(flag.getAsBoolean());
            }
            if (json.has("ema")) {
                b.optEma(doubleValue(key + ".ema", json.get("ema")));
            }
            if (json.has("pack")) {
                b.optPack(intValue(key + ".pack", json.get("pack")));
            }
            if (json.has("labelSmoothing")) {
                b.optLabelSmoothing(
                        doubleValue(key + ".labelSmoothing", json.get("labelSmoothing")));
            }
            if (json.has("instanceNoise")) {
                b.optInstanceNoise(doubleValue(key + ".instanceNoise", json.get("instanceNoise")));
            }
            if (json.has("weightClip")) {
                b.optWeightClip(doubleValue(key + ".weightClip", json.get("weightClip")));
            }
        });
    }

    private static OptimizerConfig optimizer(
            String key, JsonElement value, OptimizerConfig defaults) {
        JsonObject json = checkedObject(key, value, OPTIMIZER_KEYS);
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

    /** What one key does: where it is written and how it is read. */
    private record Field(
            String group,
            String name,
            FieldReader read,
            Function<TrainingConfig, JsonElement> write) {}

    /** Reads one key's value into the configuration being read. */
    @FunctionalInterface
    private interface FieldReader {
        void read(Reading reading, String key, JsonElement value);
    }

    /** The state of one read: the builder, and the optimisers read once the basis is known. */
    private static final class Reading {
        private final TrainingConfig.Builder builder = TrainingConfig.builder();
        private final Map<String, JsonElement> optimizers = new LinkedHashMap<>();
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

    private static double number(String path, JsonObject json, double fallback) {
        String field = path.substring(path.lastIndexOf('.') + 1);
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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // Gson adds a second line pointing at its troubleshooting page; one line is enough.
        return root.getMessage().lines().findFirst().orElse("");
    }
}
