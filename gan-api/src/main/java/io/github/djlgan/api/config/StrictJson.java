package io.github.djlgan.api.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.github.djlgan.api.InvalidInputException;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON as RFC 8259 defines it, for every file the toolkit reads back (config.json, the
 * checkpoint manifests and counters, a model's gan-config.json): comments, single quotes, unquoted
 * names, trailing commas, NaN and several top-level values are refused, and so is a key given twice
 * in one object (which a lenient reader silently takes from its last occurrence). Each refusal is
 * one line naming the file, the line and column, and the key when there is one.
 *
 * <p>Gson's {@link JsonReader} in {@link Strictness#STRICT} mode does the tokenising; this class
 * adds the duplicate-key check that Gson's own tree builder lacks.
 */
public final class StrictJson {

    /** How deeply objects and arrays may nest; deeper input is refused, not recursed into. */
    private static final int MAX_DEPTH = 64;

    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private StrictJson() {}

    /**
     * Parses a JSON document.
     *
     * @param text the document
     * @param source what the text is, for messages (usually the file's path)
     * @return the value, usually an object
     * @throws InvalidInputException naming the source, line, column and key of the first fault
     */
    public static JsonElement parse(String text, String source) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = read(reader, source, 0);
            if (!atEnd(reader)) {
                throw new InvalidInputException(
                        source + " is not valid JSON: more than one value, "
                                + position(reader.toString()));
            }
            return value;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String where = position(message);
            throw new InvalidInputException(
                    source + " is not valid JSON"
                            + (message.contains("EOF") || message.contains("End of input")
                                    ? " (it ends early)"
                                    : " (comments, single quotes, unquoted names and trailing"
                                            + " commas are not JSON)")
                            + (where.isEmpty() ? "" : ", " + where),
                    e);
        }
    }

    /**
     * Parses a JSON document that must be an object.
     *
     * @param text the document
     * @param source what the text is, for messages
     * @return the object
     * @throws InvalidInputException if it is not valid JSON or not an object
     */
    public static JsonObject parseObject(String text, String source) {
        JsonElement value = parse(text, source);
        if (!value.isJsonObject()) {
            throw new InvalidInputException(source + " must be a JSON object, got: " + value);
        }
        return value.getAsJsonObject();
    }

    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            // Strict mode refuses a second top-level value when asked what comes next.
            return false;
        }
    }

    private static JsonElement read(JsonReader reader, String source, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException(
                    source + " nests deeper than " + MAX_DEPTH + " levels, "
                            + position(reader.toString()));
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    if (object.has(key)) {
                        throw new InvalidInputException(
                                source + " gives the key '" + key + "' twice in one object, "
                                        + position(reader.toString()));
                    }
                    object.add(key, read(reader, source, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, source, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default ->
                    throw new InvalidInputException(
                            source + " is not valid JSON: unexpected " + reader.peek() + ", "
                                    + position(reader.toString()));
        }
    }

    /** "line L column C" from a Gson message or reader description, or "" when it has none. */
    private static String position(String text) {
        Matcher matcher = POSITION.matcher(text);
        return matcher.find() ? "at line " + matcher.group(1) + " column " + matcher.group(2) : "";
    }
}
