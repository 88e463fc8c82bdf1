package io.github.djlgan.djl.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One complete checkpoint: a directory of named parts and its manifest {@value #MANIFEST}, which
 * records the step, the architecture and each part's SHA-256. {@link #open} verifies every part
 * against its checksum, so a damaged checkpoint is refused, never loaded.
 *
 * @param directory the checkpoint directory
 * @param step the number of training steps it holds the result of
 * @param architecture the architecture of the networks it holds
 * @param checksums each part's file name and SHA-256, hex
 */
public record Checkpoint(
        Path directory, long step, String architecture, Map<String, String> checksums) {

    /** The manifest's file name; it is written last, so its presence marks a whole checkpoint. */
    public static final String MANIFEST = "checkpoint.json";

    /** The version of the manifest's layout. */
    static final int FORMAT = 1;

    /** Copies the checksums. */
    public Checkpoint {
        checksums = Map.copyOf(checksums);
    }

    /**
     * Returns the path of a part.
     *
     * @param part the part's file name, such as {@code generator.params}
     * @return the path
     * @throws InvalidInputException if the checkpoint has no such part
     */
    public Path part(String part) {
        if (!checksums.containsKey(part)) {
            throw new InvalidInputException(
                    "Checkpoint " + directory + " has no part '" + part + "'");
        }
        return directory.resolve(part);
    }

    /**
     * Tells whether the checkpoint has a part.
     *
     * @param part the part's file name
     * @return whether it is listed in the manifest
     */
    public boolean hasPart(String part) {
        return checksums.containsKey(part);
    }

    /**
     * Reads a checkpoint's manifest and verifies every part's checksum.
     *
     * @param directory the checkpoint directory
     * @return the checkpoint
     * @throws InvalidInputException if the manifest is missing or unreadable, or a part is missing
     *     or does not match its checksum
     * @throws IOException if reading fails
     */
    public static Checkpoint open(Path directory) throws IOException {
        Path manifest = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidInputException(
                    "Checkpoint " + directory + " is incomplete: it has no " + MANIFEST);
        }
        Checkpoint checkpoint;
        try {
            JsonObject json =
                    StrictJson.parseObject(
                            Files.readString(manifest, StandardCharsets.UTF_8), manifest.toString());
            if (json.get("format").getAsInt() != FORMAT) {
                throw new InvalidInputException(
                        "Checkpoint " + directory + " has manifest format " + json.get("format")
                                + "; this version reads " + FORMAT);
            }
            Map<String, String> checksums = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry :
                    json.getAsJsonObject("sha256").entrySet()) {
                checksums.put(entry.getKey(), entry.getValue().getAsString());
            }
            checkpoint =
                    new Checkpoint(
                            directory,
                            json.get("step").getAsLong(),
                            json.get("architecture").getAsString(),
                            checksums);
        } catch (JsonParseException | IllegalStateException | NullPointerException
                | UnsupportedOperationException | ClassCastException e) {
            throw new InvalidInputException(
                    "Checkpoint " + directory + " is damaged: its " + MANIFEST
                            + " cannot be read (" + e.getMessage() + ")",
                    e);
        }
        if (!directory.getFileName().toString().equals(CheckpointStore.name(checkpoint.step()))) {
            throw new InvalidInputException(
                    "Checkpoint " + directory + " is damaged: its " + MANIFEST + " says step "
                            + checkpoint.step());
        }
        for (Map.Entry<String, String> entry : checkpoint.checksums().entrySet()) {
            String part = entry.getKey();
            if (part.isEmpty() || part.startsWith(".") || part.contains("/")
                    || part.contains("\\")) {
                // A part is a file of the checkpoint itself, never a path leading elsewhere.
                throw new InvalidInputException(
                        "Checkpoint " + directory + " is damaged: its " + MANIFEST
                                + " names the part '" + part + "'");
            }
            Path file = directory.resolve(part);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(
                        "Checkpoint " + directory + " is damaged: " + entry.getKey()
                                + " is missing");
            }
            if (!sha256(file).equals(entry.getValue())) {
                throw new InvalidInputException(
                        "Checkpoint " + directory + " is damaged: " + entry.getKey()
                                + " does not match its SHA-256 checksum");
            }
        }
        return checkpoint;
    }

    /**
     * Returns the manifest's JSON text.
     *
     * @return the text
     */
    String manifestJson() {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("step", step);
        json.addProperty("architecture", architecture);
        JsonObject sums = new JsonObject();
        checksums.forEach(sums::addProperty);
        json.add("sha256", sums);
        return json + System.lineSeparator();
    }

    /**
     * Computes a file's SHA-256.
     *
     * @param file the file
     * @return the digest, hex
     * @throws IOException if reading fails
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
