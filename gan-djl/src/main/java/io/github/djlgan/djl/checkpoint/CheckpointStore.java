package io.github.djlgan.djl.checkpoint;


import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's {@code checkpoints/} directory: {@code step-NNNNNNNN/} checkpoints, a pointer {@value
 * #LATEST} naming the newest, and at most a set number kept; besides them, where the run scores
 * its checkpoints, the best one, named with its score by the pointer {@value #BEST}.
 *
 * <p>Writing: every part goes into a temporary directory (a dot name, never taken for a
 * checkpoint), is flushed to disk and checksummed; the manifest follows; then the directory is
 * renamed to its final name in one step, the pointer is replaced atomically and the oldest
 * checkpoints beyond the limit are deleted. A crash at any moment leaves the previous checkpoints
 * whole and at worst a temporary directory, which {@link #removeUnfinished} clears.
 */
public final class CheckpointStore {

    /** The file naming the newest complete checkpoint directory. */
    public static final String LATEST = "latest";

    /** The file naming the best checkpoint by the run's metric, with its measurements. */
    public static final String BEST = "best.json";

    private static final Logger LOGGER = LogManager.getLogger(CheckpointStore.class);
    /** The name of a checkpoint directory. */
    static final Pattern NAME = Pattern.compile("step-\\d{8,}");

    private final Path directory;
    private final int keep;

    /**
     * Opens a run's checkpoint directory.
     *
     * @param directory the {@code checkpoints} directory
     * @param keep how many of the newest checkpoints to keep, at least 1
     */
    public CheckpointStore(Path directory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    /**
     * Returns the name of the checkpoint of a step.
     *
     * @param step the step
     * @return {@code step-NNNNNNNN}
     */
    public static String name(long step) {
        return String.format(Locale.ROOT, "step-%08d", step);
    }

    /**
     * Writes a checkpoint atomically, points {@value #LATEST} at it and deletes the oldest beyond
     * the limit. An existing checkpoint of the same step is replaced.
     *
     * @param step the step it is taken at
     * @param architecture the networks' architecture, recorded in the manifest
     * @param parts each part's file name and how to write it, in order
     * @return the written checkpoint
     * @throws IOException if writing fails; the existing checkpoints are then unchanged
     */
    public Checkpoint write(long step, String architecture, Map<String, AtomicFiles.Writer> parts)
            throws IOException {
        String name = name(step);
        Files.createDirectories(directory);
        Path temporary = AtomicFiles.createTemporaryDirectory(directory, name);
        try {
            Map<String, String> checksums = new LinkedHashMap<>();
            for (Map.Entry<String, AtomicFiles.Writer> part : parts.entrySet()) {
                checksums.put(
                        part.getKey(), writeDurably(temporary.resolve(part.getKey()), part.getValue()));
            }
            Checkpoint checkpoint =
                    new Checkpoint(directory.resolve(name), step, architecture, checksums);
            byte[] manifest = checkpoint.manifestJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            writeDurably(temporary.resolve(Checkpoint.MANIFEST), out -> out.write(manifest));
            Path target = directory.resolve(name);
            if (Files.exists(target)) {
                discard(target);
            }
            AtomicFiles.move(temporary, target);
            AtomicFiles.writeString(directory.resolve(LATEST), name + System.lineSeparator());
            prune();
            return checkpoint;
        } catch (IOException e) {
            throw new IOException(
                    "writing checkpoint " + directory.resolve(name) + ": "
                            + (e.getMessage() != null && e.getMessage().startsWith("writing ")
                                    ? e.getMessage()
                                    : AtomicFiles.reason(e)),
                    e);
        } finally {
            if (Files.exists(temporary)) {
                AtomicFiles.deleteTree(temporary);
            }
        }
    }

    private static String writeDurably(Path file, AtomicFiles.Writer writer) throws IOException {
        MessageDigest digest = Checkpoint.newDigest();
        try (OutputStream out =
                new DigestOutputStream(
                        new java.io.BufferedOutputStream(Files.newOutputStream(file)), digest)) {
            writer.write(out);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Returns the complete checkpoint directories, oldest first.
     *
     * @return their paths
     * @throws IOException if listing fails
     */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            // A checkpoint is a real directory inside the run: a symbolic link to one elsewhere
            // (edited by hand) is not followed.
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(
                            p.resolve(Checkpoint.MANIFEST), LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /**
     * Returns the newest checkpoint whose parts all match their checksums. A damaged newer one is
     * skipped with a warning.
     *
     * @return the checkpoint, or empty if there is none
     * @throws IOException if reading fails
     */
    public Optional<Checkpoint> latest() throws IOException {
        return latestBefore(Long.MAX_VALUE);
    }

    /**
     * Returns the newest checkpoint of a step before a given one whose parts all match their
     * checksums. A damaged newer one is skipped with a warning.
     *
     * @param step the step the checkpoint must come before
     * @return the checkpoint, or empty if there is none
     * @throws IOException if reading fails
     */
    public Optional<Checkpoint> latestBefore(long step) throws IOException {
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Checkpoint checkpoint = Checkpoint.open(all.get(i));
                if (checkpoint.step() < step) {
                    return Optional.of(checkpoint);
                }
            } catch (InvalidInputException e) {
                LOGGER.warn("Skipping checkpoint: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes what a crash left behind while writing or deleting a checkpoint: hidden directories
     * (a checkpoint being written or discarded), and the temporary files of the {@value #LATEST}
     * pointer and {@value #BEST} (dot names ending in {@code .tmp}).
     *
     * @throws IOException if deleting fails
     */
    public void removeUnfinished() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                String file = path.getFileName().toString();
                if (file.startsWith(".")
                        && (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                                || file.endsWith(".tmp"))) {
                    AtomicFiles.deleteTree(path);
                }
            }
        }
    }

    /**
     * Deletes the checkpoints taken after a step (after a rollback or a resume, they describe a
     * future that will not happen).
     *
     * @param step the step of the checkpoint training goes on from
     * @throws IOException if deleting fails
     */
    public void removeAfter(long step) throws IOException {
        String last = name(step);
        Optional<BestCheckpoint> best = best();
        for (Path path : list()) {
            if (path.getFileName().toString().compareTo(last) > 0) {
                discard(path);
            }
        }
        if (best.isPresent() && best.get().name().compareTo(last) > 0) {
            Files.deleteIfExists(directory.resolve(BEST));
        }
    }

    /**
     * Returns the best checkpoint recorded so far, if its directory is still there.
     *
     * @return the best checkpoint's record, or empty when none was recorded
     * @throws IOException if reading fails
     */
    public Optional<BestCheckpoint> best() throws IOException {
        Path pointer = directory.resolve(BEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        BestCheckpoint best;
        try {
            best = BestCheckpoint.fromJson(Files.readString(pointer, StandardCharsets.UTF_8), pointer.toString());
        } catch (RuntimeException e) {
            LOGGER.warn("Ignoring the unreadable {}: {}", pointer, e.getMessage());
            return Optional.empty();
        }
        return Files.isRegularFile(directory.resolve(best.name()).resolve(Checkpoint.MANIFEST))
                ? Optional.of(best)
                : Optional.empty();
    }

    /**
     * What is done with a checkpoint while it is held.
     *
     * @param <T> what reading it gives
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads from a verified checkpoint.
         *
         * @param checkpoint the checkpoint
         * @return what was read
         * @throws IOException if reading fails
         */
        T read(Checkpoint checkpoint) throws IOException;
    }

    /** How often {@link #read} starts again when a training process prunes what it reads. */
    private static final int READ_ATTEMPTS = 20;

    /**
     * Finds a checkpoint as {@link #find} does and reads from it, safe against a training process
     * that writes and prunes checkpoints at the same time: when the checkpoint disappears while it
     * is verified or read, the reading starts again ({@code latest} and {@code best} then name a
     * newer one); a step that was pruned is reported as gone.
     *
     * @param which {@code latest}, {@code best} or a step
     * @param reader what to read from it
     * @param <T> what reading gives
     * @return what the reader returned
     * @throws IOException if reading fails for another reason
     * @throws InvalidInputException if there is no such checkpoint or it is damaged
     */
    public <T> T read(String which, Reader<T> reader) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Path> listed = list();
            Path directoryRead = null;
            try {
                Checkpoint checkpoint = find(which);
                directoryRead = checkpoint.directory();
                return reader.read(checkpoint);
            } catch (IOException | InvalidInputException e) {
                // Verifying may fail on a checkpoint pruned meanwhile too (with keep 1, finding
                // "latest" then sees none complete while the next is written): that is worth
                // another attempt while a writer changes the store; a real fault repeats.
                boolean pruned =
                        directoryRead == null
                                ? attempt < 3 || !list().equals(listed)
                                : !Files.isDirectory(directoryRead);
                if (!pruned || attempt >= READ_ATTEMPTS) {
                    throw e;
                }
                LOGGER.debug("Checkpoint pruned while read, trying again: {}", e.getMessage());
            }
        }
    }

    /**
     * Finds a checkpoint by what a user calls it: {@code latest} (the newest undamaged one),
     * {@code best} (the best by the run's metric) or a step, as {@code step-00001000} or {@code
     * 1000}.
     *
     * @param which the name
     * @return the checkpoint, verified against its checksums
     * @throws IOException if reading fails
     * @throws InvalidInputException if there is no such checkpoint or it is damaged
     */
    public Checkpoint find(String which) throws IOException {
        if (which.equals(LATEST)) {
            return latest()
                    .orElseThrow(
                            () -> new InvalidInputException(
                                    directory + " holds no complete checkpoint"));
        }
        String name;
        if (which.equals("best")) {
            name =
                    best().orElseThrow(
                                    () -> new InvalidInputException(
                                            directory + " holds no best checkpoint (the run"
                                                    + " was trained without --keep-best, or it"
                                                    + " was removed)"))
                            .name();
        } else if (NAME.matcher(which).matches()) {
            name = which;
        } else if (which.matches("\\d{1,18}")) {
            name = name(Long.parseLong(which));
        } else {
            throw new InvalidInputException(
                    "Unknown checkpoint '" + which + "': give latest, best or a step such as "
                            + name(1000));
        }
        Path path = directory.resolve(name);
        if (Files.isSymbolicLink(path)) {
            // Edited by hand: reading through it would read outside the run.
            throw new InvalidInputException(
                    "Checkpoint " + path + " is a symbolic link, not a checkpoint of this run");
        }
        if (!Files.isRegularFile(path.resolve(Checkpoint.MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(
                    "There is no complete checkpoint " + path + "; the run has "
                            + list().stream().map(p -> p.getFileName().toString()).toList());
        }
        return Checkpoint.open(path);
    }

    /**
     * Makes a checkpoint the best one if it scores higher than the best so far (or there is none,
     * or that one was scored by another metric); the previous best is then deleted unless it is
     * among the newest kept.
     *
     * @param checkpoint a checkpoint of this store
     * @param metric the metric's name
     * @param score its score, higher is better
     * @param measurements what was measured, by name
     * @return whether it became the best
     * @throws IOException if writing fails
     */
    public boolean offerBest(
            Checkpoint checkpoint, String metric, double score, Map<String, Double> measurements)
            throws IOException {
        Optional<BestCheckpoint> current = best();
        if (current.isPresent()
                && current.get().metric().equals(metric)
                && !(score > current.get().score())) {
            return false;
        }
        BestCheckpoint best =
                new BestCheckpoint(
                        checkpoint.directory().getFileName().toString(),
                        checkpoint.step(),
                        metric,
                        score,
                        Map.copyOf(measurements));
        AtomicFiles.writeString(directory.resolve(BEST), best.toJson());
        prune();
        return true;
    }

    /** Deletes every checkpoint but the newest {@code keep} and the best. */
    private void prune() throws IOException {
        List<Path> all = list();
        Optional<Path> best = best().map(b -> directory.resolve(b.name()));
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            if (best.isEmpty() || !best.get().equals(old)) {
                discard(old);
            }
        }
    }

    /** Renames a checkpoint to a dot name first, so that a half-deleted one never looks whole. */
    private void discard(Path checkpoint) throws IOException {
        Path hidden = directory.resolve(".discarded-" + checkpoint.getFileName() + "-" + System.nanoTime());
        AtomicFiles.move(checkpoint, hidden);
        AtomicFiles.deleteTree(hidden);
    }
}
