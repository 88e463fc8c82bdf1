package io.github.djlgan.api.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.github.djlgan.api.InvalidInputException;

import java.util.Set;

/** Strict reading of JSON values: a value of the wrong type is an error naming its key. */
final class JsonValues {

    private JsonValues() {}

    static JsonObject checkedObject(String key, JsonElement value, Set<String> known) {
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

    /** Strict JSON (no comments, no key given twice), as every file the toolkit reads back. */
    static JsonObject parseObject(String text) {
        return StrictJson.parseObject(text, "config");
    }

    static double number(String path, JsonObject json, double fallback) {
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

    static double doubleValue(String key, JsonElement value) {
        if (!isNumber(value)) {
            throw wrongType(key, "a number", value);
        }
        return value.getAsDouble();
    }

    static boolean bool(String key, JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(key, "true or false", value);
        }
        return value.getAsBoolean();
    }

    static String string(String key, JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(key, "a string", value);
        }
        return value.getAsString();
    }

    static java.util.List<String> strings(String key, JsonElement value) {
        if (!value.isJsonArray()) {
            throw wrongType(key, "an array of strings", value);
        }
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (JsonElement item : value.getAsJsonArray()) {
            strings.add(string(key, item));
        }
        return strings;
    }

    static long integer(String key, JsonElement value) {
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

    static int intValue(String key, JsonElement value) {
        long asLong = integer(key, value);
        if (asLong != (int) asLong) {
            throw new InvalidInputException(key + " is out of range: " + asLong);
        }
        return (int) asLong;
    }

    static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber();
    }

    static InvalidInputException wrongType(String key, String expected, JsonElement got) {
        return new InvalidInputException(
                "config key '" + key + "' must be " + expected + ", got " + got);
    }
}
