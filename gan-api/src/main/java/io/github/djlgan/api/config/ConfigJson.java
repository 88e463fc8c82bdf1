package io.github.djlgan.api.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.Background;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
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

    private static final String AUGMENT = "augment";

    private static final String PENALTY = "penalty";

    private static final List<String> GROUPS =
            List.of("runtime", "data", "model", "loop", STABILIZERS, AUGMENT, PENALTY,
                    "cadence", "reliability");

    private static final Set<String> STABILIZER_KEYS =
            Set.of("spectralNorm", "ema", "pack", "labelSmoothing", "instanceNoise", "weightClip");

    /** Every field but the stabilisers, by group, in the order they are written. */
    private static final List<Field> FIELDS =
            List.of(
                    field("runtime", "engine", JsonValues::string,
                            (b, v) -> b.optRuntime(r -> r.optEngine(v)), c -> c.runtime().engine()),
                    field("runtime", "device", JsonValues::string,
                            (b, v) -> b.optRuntime(r -> r.optDevice(v)), c -> c.runtime().device()),
                    field("data", "dataset", JsonValues::string,
                            (b, v) -> b.optData(d -> d.optDataset(v)), c -> c.data().dataset()),
                    field("data", "dataDir", (k, v) -> v.isJsonNull() ? null : JsonValues.string(k,
                            v),
                            (b, v) -> b.optData(d -> d.optDataDir(v)), c -> c.data().dataDir()),
                    field("data", "imageSize", JsonValues::intValue,
                            (b, v) -> b.optData(d -> d.optImageSize(v)), c -> c.data().imageSize()),
                    field("data", "channels", JsonValues::intValue,
                            (b, v) -> b.optData(d -> d.optChannels(v)), c -> c.data().channels()),
                    field("data", "background", (k, v) ->
                            Background.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optData(d -> d.optBackground(v)),
                            c -> c.data().background()),
                    field("data", "batchSize", JsonValues::intValue,
                            (b, v) -> b.optData(d -> d.optBatchSize(v)), c -> c.data().batchSize()),
                    field("data", "mixtureStd", JsonValues::doubleValue,
                            (b, v) -> b.optData(d -> d.optMixtureStd(v)),
                            c -> c.data().mixtureStd()),
                    field("model", "architecture", (k, v) ->
                            ArchitectureKind.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optModel(m -> m.optArchitecture(v)),
                            c -> c.model().architecture()),
                    field("model", "noise", (k, v) -> NoiseKind.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optModel(m -> m.optNoise(v)), c -> c.model().noise()),
                    field("model", "latentDim", JsonValues::intValue,
                            (b, v) -> b.optModel(m -> m.optLatentDim(v)), c ->
                            c.model().latentDim()),
                    field("model", "hiddenWidth", JsonValues::intValue,
                            (b, v) -> b.optModel(m -> m.optHiddenWidth(v)),
                            c -> c.model().hiddenWidth()),
                    field("model", "hiddenLayers", JsonValues::intValue,
                            (b, v) -> b.optModel(m -> m.optHiddenLayers(v)),
                            c -> c.model().hiddenLayers()),
                    field("model", "classes", JsonValues::intValue,
                            (b, v) -> b.optModel(m -> m.optClasses(v)), c -> c.model().classes()),
                    new Field("model", "classNames",
                            (r, k, v) -> r.builder.optModel(m -> m.optClassNames(JsonValues.strings(k, v))),
                            c -> strings(c.model().classNames())),
                    field("model", "generatorBatchNorm", JsonValues::bool,
                            (b, v) -> b.optModel(m -> m.optGeneratorBatchNorm(v)),
                            c -> c.model().generatorBatchNorm()),
                    field("model", "maxoutPieces", JsonValues::intValue,
                            (b, v) -> b.optModel(m -> m.optMaxoutPieces(v)),
                            c -> c.model().maxoutPieces()),
                    field("loop", "steps", JsonValues::integer,
                            (b, v) -> b.optLoop(l -> l.optSteps(v)), c -> c.loop().steps()),
                    field("loop", "discriminatorSteps", JsonValues::intValue,
                            (b, v) -> b.optLoop(l -> l.optDiscriminatorSteps(v)),
                            c -> c.loop().discriminatorSteps()),
                    field("loop", "loss", (k, v) -> LossKind.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optLoop(l -> l.optLoss(v)), c -> c.loop().loss()),
                    // Optimisers are read last: what they leave out depends on the whole file.
                    new Field("loop", "generatorOptimizer", (r, k, v) -> r.optimizers.put(k, v),
                            c -> ConfigObjects.write(c.loop().generatorOptimizer())),
                    new Field("loop", "discriminatorOptimizer", (r, k, v) -> r.optimizers.put(k, v),
                            c -> ConfigObjects.write(c.loop().discriminatorOptimizer())),
                    field("cadence", "logEvery", JsonValues::intValue,
                            (b, v) -> b.optCadence(c -> c.optLogEvery(v)),
                            c -> c.cadence().logEvery()),
                    field("cadence", "sampleEvery", JsonValues::intValue,
                            (b, v) -> b.optCadence(c -> c.optSampleEvery(v)),
                            c -> c.cadence().sampleEvery()),
                    field("cadence", "checkpointEvery", JsonValues::intValue,
                            (b, v) -> b.optCadence(c -> c.optCheckpointEvery(v)),
                            c -> c.cadence().checkpointEvery()),
                    field("reliability", "keepCheckpoints", JsonValues::intValue,
                            (b, v) -> b.optReliability(r -> r.optKeepCheckpoints(v)),
                            c -> c.reliability().keepCheckpoints()),
                    field("reliability", "onDivergence",
                            (k, v) -> DivergenceAction.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optReliability(r -> r.optOnDivergence(v)),
                            c -> c.reliability().onDivergence()),
                    field("reliability", "keepBest", (k, v) ->
                            BestMetric.fromId(JsonValues.string(k, v)),
                            (b, v) -> b.optReliability(r -> r.optKeepBest(v)),
                            c -> c.reliability().keepBest()),
                    field("reliability", "maxRollbacks", JsonValues::intValue,
                            (b, v) -> b.optReliability(r -> r.optMaxRollbacks(v)),
                            c -> c.reliability().maxRollbacks()),
                    field("reliability", "rollbackFactor", JsonValues::doubleValue,
                            (b, v) -> b.optReliability(r -> r.optRollbackFactor(v)),
                            c -> c.reliability().rollbackFactor()));

    private ConfigJson() {}

    static String write(TrainingConfig config) {
        JsonObject json = new JsonObject();
        json.addProperty("seed", config.seed());
        for (String group : GROUPS) {
            json.add(group, group.equals(STABILIZERS) ? write(config.stabilizers())
                    : group.equals(AUGMENT) ? ConfigObjects.write(config.augment())
                    : group.equals(PENALTY) ? ConfigObjects.write(config.penalty())
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

    static TrainingConfig read(String text) {
        JsonObject json = JsonValues.parseObject(text);
        boolean grouped = json.keySet().stream()
                .anyMatch(key -> GROUPS.contains(key) && !key.equals(STABILIZERS)
                        && !key.equals(AUGMENT) && !key.equals(PENALTY));
        Reading reading = new Reading();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            if (key.equals("seed")) {
                reading.builder.optSeed(JsonValues.integer(key, value));
            } else if (key.equals(STABILIZERS)) {
                readStabilizers(key, value, reading.builder);
            } else if (key.equals(AUGMENT)) {
                reading.builder.optAugment(ConfigObjects.readAugment(key, value));
            } else if (key.equals(PENALTY)) {
                reading.builder.optPenalty(ConfigObjects.readPenalty(key, value));
            } else if (grouped && GROUPS.contains(key)) {
                Map<String, Field> known = fields(f -> f.group().equals(key), Field::name);
                JsonObject group = JsonValues.checkedObject(key, value, known.keySet());
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
        keepOlderNetworks(grouped && json.get("model") instanceof JsonObject model ? model : json,
                json.get(STABILIZERS), reading.builder);
        if (!json.has(PENALTY) && json.get(STABILIZERS) instanceof JsonObject) {
            // Written by a toolkit that had no penalties (it writes every key it has): none,
            // whatever today's default for the dataset, so that the run goes on as it began.
            reading.builder.optPenalty((PenaltyConfig) null);
        }
        // Keys an optimiser object leaves out take that run's default optimiser's values, known
        // once the dataset, the architecture and the loss are read.
        ConfigDefaults.Basis basis = reading.builder.basis();
        OptimizerConfig defaults = ConfigDefaults.OPTIMIZER.value(basis);
        reading.optimizers.forEach((key, value) -> {
            OptimizerConfig optimizer = ConfigObjects.readOptimizer(key, value, defaults);
            if (key.endsWith("generatorOptimizer")) {
                reading.builder.optLoop(b -> b.optGeneratorOptimizer(optimizer));
            } else {
                reading.builder.optLoop(b -> b.optDiscriminatorOptimizer(optimizer));
            }
        });
        return reading.builder.build();
    }

    /**
     * A model group that states hiddenWidth but not generatorBatchNorm or maxoutPieces was written
     * before those keys existed (the toolkit writes every key), by networks without batch
     * normalisation or maxout; a file of that time without a stabilizers object, or without its
     * pack, trained an unpacked D. Such a file keeps those networks, whatever today's defaults,
     * so that its saved parameters still load.
     */
    private static void keepOlderNetworks(
            JsonObject model, JsonElement stabilizers, TrainingConfig.Builder builder) {
        if (!model.has("hiddenWidth")) {
            return;
        }
        if (!(stabilizers instanceof JsonObject given) || !given.has("pack")) {
            builder.optStabilizers(s -> s.optPack(1));
        }
        if (!model.has("generatorBatchNorm")) {
            builder.optModel(m -> m.optGeneratorBatchNorm(false));
        }
        if (!model.has("maxoutPieces")) {
            builder.optModel(m -> m.optMaxoutPieces(0));
        }
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
        JsonObject json = JsonValues.checkedObject(key, value, STABILIZER_KEYS);
        builder.optStabilizers(b -> {
            if (json.has("spectralNorm")) {
                JsonElement flag = json.get("spectralNorm");
                if (!flag.isJsonPrimitive() || !flag.getAsJsonPrimitive().isBoolean()) {
                    throw JsonValues.wrongType(key + ".spectralNorm", "true or false", flag);
                }
                b.optSpectralNorm(flag.getAsBoolean());
            }
            if (json.has("ema")) {
                b.optEma(JsonValues.doubleValue(key + ".ema", json.get("ema")));
            }
            if (json.has("pack")) {
                b.optPack(JsonValues.intValue(key + ".pack", json.get("pack")));
            }
            if (json.has("labelSmoothing")) {
                b.optLabelSmoothing(
                        JsonValues.doubleValue(key + ".labelSmoothing",
                                json.get("labelSmoothing")));
            }
            if (json.has("instanceNoise")) {
                b.optInstanceNoise(JsonValues.doubleValue(key + ".instanceNoise",
                        json.get("instanceNoise")));
            }
            if (json.has("weightClip")) {
                b.optWeightClip(JsonValues.doubleValue(key + ".weightClip",
                        json.get("weightClip")));
            }
        });
    }

    /**
     * Describes a key whose value is one JSON primitive: a number, a string, a choice's id or
     * null.
     */
    private static <T> Field field(
            String group,
            String name,
            BiFunction<String, JsonElement, T> parse,
            BiConsumer<TrainingConfig.Builder, T> set,
            Function<TrainingConfig, Object> get) {
        return new Field(
                group,
                name,
                (reading, key, value) -> set.accept(reading.builder, parse.apply(key, value)),
                config -> primitive(get.apply(config)));
    }

    private static JsonElement strings(List<String> strings) {
        com.google.gson.JsonArray array = new com.google.gson.JsonArray();
        strings.forEach(array::add);
        return array;
    }

    private static JsonElement primitive(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean flag) {
            return new JsonPrimitive(flag);
        }
        return new JsonPrimitive(value.toString()); // strings, and choices as their ids
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
}
