package io.github.djlgan.api.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.github.djlgan.api.InvalidInputException;

import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The JSON objects nested in config.json's groups, written and read strictly for {@link
 * ConfigJson}: an optimiser ({@code loop.generatorOptimizer}, {@code loop.discriminatorOptimizer}),
 * the {@code penalty} and the {@code augment} group. Unknown keys are refused; keys left out take
 * the values each reader names.
 */
final class ConfigObjects {

    private static final Set<String> PENALTY_KEYS = Set.of("kind", "weight", "every", "estimator");

    private static final Set<String> AUGMENT_KEYS =
            Set.of("kinds", "probability", "target", "adaInterval", "adaRampImages");

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

    private ConfigObjects() {}

    static JsonObject write(AugmentConfig augment) {
        JsonObject json = new JsonObject();
        JsonArray kinds = new JsonArray();
        augment.kinds().forEach(kind -> kinds.add(kind.id()));
        json.add("kinds", kinds);
        json.addProperty("probability", augment.probability());
        json.add("target", augment.target().isPresent()
                ? new JsonPrimitive(augment.target().getAsDouble()) : JsonNull.INSTANCE);
        json.addProperty("adaInterval", augment.adaInterval());
        json.addProperty("adaRampImages", augment.adaRampImages());
        return json;
    }

    static JsonElement write(PenaltyConfig penalty) {
        if (penalty == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject json = new JsonObject();
        json.addProperty("kind", penalty.kind().id());
        json.addProperty("weight", penalty.weight());
        json.addProperty("every", penalty.every());
        json.addProperty("estimator", penalty.estimator().id());
        return json;
    }

    /**
     * Reads the penalty: null for none; weight and every take the run's defaults if left out, the
     * estimator exact (config.json files written before it existed).
     */
    static PenaltyConfig.Builder readPenalty(String key, JsonElement value) {
        if (value.isJsonNull()) {
            return null;
        }
        JsonObject json = JsonValues.checkedObject(key, value, PENALTY_KEYS);
        if (!json.has("kind")) {
            throw new InvalidInputException("config key '" + key + ".kind' must be given");
        }
        PenaltyConfig.Builder builder =
                PenaltyConfig.builder()
                        .setKind(PenaltyKind.fromId(JsonValues.string(key + ".kind",
                                json.get("kind"))));
        if (json.has("weight")) {
            builder.optWeight(JsonValues.doubleValue(key + ".weight", json.get("weight")));
        }
        if (json.has("every")) {
            builder.optEvery(JsonValues.intValue(key + ".every", json.get("every")));
        }
        // Written before the estimator existed: exact, the only one then.
        builder.optEstimator(json.has("estimator")
                ? PenaltyEstimator.fromId(
                        JsonValues.string(key + ".estimator", json.get("estimator")))
                : PenaltyEstimator.EXACT);
        return builder;
    }

    /** Reads the augment group; keys left out take {@link AugmentConfig#NONE}'s values. */
    static AugmentConfig readAugment(String key, JsonElement value) {
        JsonObject json = JsonValues.checkedObject(key, value, AUGMENT_KEYS);
        AugmentConfig none = AugmentConfig.NONE;
        Set<AugmentKind> kinds = EnumSet.noneOf(AugmentKind.class);
        if (json.has("kinds")) {
            JsonElement list = json.get("kinds");
            if (!list.isJsonArray()) {
                throw JsonValues.wrongType(key + ".kinds", "an array of names", list);
            }
            for (JsonElement kind : list.getAsJsonArray()) {
                kinds.add(AugmentKind.fromId(JsonValues.string(key + ".kinds", kind)));
            }
        }
        JsonElement target = json.get("target");
        return new AugmentConfig(
                kinds,
                JsonValues.number(key + ".probability", json, none.probability()),
                target == null || target.isJsonNull()
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(
                                JsonValues.doubleValue(key + ".target", target)),
                json.has("adaInterval")
                        ? JsonValues.intValue(key + ".adaInterval", json.get("adaInterval"))
                        : none.adaInterval(),
                json.has("adaRampImages")
                        ? JsonValues.integer(key + ".adaRampImages", json.get("adaRampImages"))
                        : none.adaRampImages());
    }

    static JsonObject write(OptimizerConfig optimizer) {
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

    static OptimizerConfig readOptimizer(
            String key, JsonElement value, OptimizerConfig defaults) {
        JsonObject json = JsonValues.checkedObject(key, value, OPTIMIZER_KEYS);
        double momentum = JsonValues.number(key + ".momentum", json, defaults.momentum());
        return new OptimizerConfig(
                json.has("kind")
                        ? OptimizerKind.fromId(JsonValues.string(key + ".kind", json.get("kind")))
                        : defaults.kind(),
                JsonValues.number(key + ".learningRate", json, defaults.learningRate()),
                JsonValues.number(key + ".beta1", json, defaults.beta1()),
                JsonValues.number(key + ".beta2", json, defaults.beta2()),
                JsonValues.number(key + ".epsilon", json, defaults.epsilon()),
                momentum,
                json.has("schedule")
                        ? LearningRateSchedule.fromId(JsonValues.string(key + ".schedule",
                                json.get("schedule")))
                        : defaults.schedule(),
                JsonValues.number(key + ".finalMomentum", json, momentum),
                json.has("momentumRampUpdates")
                        ? JsonValues.integer(key + ".momentumRampUpdates",
                                json.get("momentumRampUpdates"))
                        : 0);
    }
}
