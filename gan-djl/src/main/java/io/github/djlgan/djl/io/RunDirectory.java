package io.github.djlgan.djl.io;

import io.github.djlgan.api.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout of a run directory, and the checks made before anything is written into one.
 *
 * <pre>
 * config.json      every setting; gan train --config config.json repeats the run
 * manifest.json    engine and versions, machine, seed, commit
 * metrics.csv      averages per log interval
 * summary.json     the final numbers, written last
 * train.log        the log
 * samples/         pictures
 * checkpoints/     step-NNNNNNNN/ (parameters, optimiser state, counters, checkpoint.json with
 *                  checksums) and a pointer 'latest'
 * </pre>
 */
public final class RunDirectory {

    /** The settings. */
    public static final String CONFIG = "config.json";
    /** Where and with what the run was made. */
    public static final String MANIFEST = "manifest.json";
    /** Averages per log interval. */
    public static final String METRICS = "metrics.csv";
    /** The final numbers; its presence marks a finished run. */
    public static final String SUMMARY = "summary.json";
    /** The run's log. */
    public static final String LOG = "train.log";
    /** Pictures. */
    public static final String SAMPLES = "samples";
    /** Checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /**
     * The final generator as a DJL model directory, loadable with {@code Criteria} (see {@link
     * io.github.djlgan.djl.serving.GeneratorModel}).
     */
    public static final String MODEL = "model";

    /** The scores of {@code gan eval}. */
    public static final String EVAL = "eval.json";

    /** The lock a training process holds while it writes the run ({@link RunLock}). */
    public static final String LOCK = ".lock";

    /**
     * Everything a run directory may hold at its top level besides the temporary files of an
     * interrupted atomic write; {@code --overwrite} refuses a folder holding anything else.
     */
    private static final Set<String> ENTRIES =
            Set.of(CONFIG, MANIFEST, METRICS, SUMMARY, LOG, SAMPLES, CHECKPOINTS, MODEL, EVAL, LOCK);

    private RunDirectory() {}

    /**
     * Checks that a run can be written to a directory, creates it and takes its {@link RunLock}.
     * Nothing is written when a check fails, and a directory this call created is removed again.
     *
     * @param directory the run directory
     * @param overwrite whether an existing run directory may be emptied first; a folder that holds
     *     anything a run does not write is never emptied
     * @return the lock of the directory, held until the run no longer writes
     * @throws InvalidInputException if the directory holds files and overwriting was not asked
     *     for or it is not a run directory, if another process is writing it, or if it cannot be
     *     written
     * @throws IOException if creating or emptying fails
     */
    public static RunLock prepare(Path directory, boolean overwrite) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidInputException(
                    "Output '" + directory + "' exists and is not a directory");
        }
        boolean replace = Files.isDirectory(directory) && !isEmpty(directory);
        if (replace && !overwrite) {
            throw new InvalidInputException(
                    "Output directory '"
                            + directory
                            + "' already holds files; choose another --out, or pass"
                            + " --overwrite to replace them");
        }
        if (replace) {
            requireOnlyRunFiles(directory);
        }
        boolean created = !Files.exists(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "Cannot create output directory '" + directory + "': " + e.getMessage(), e);
        }
        RunLock lock = null;
        try {
            if (!Files.isWritable(directory)) {
                throw new InvalidInputException(
                        "Output directory '" + directory + "' is not writable");
            }
            lock = RunLock.acquire(directory);
            if (replace) {
                deleteContents(directory);
            }
            Files.createDirectories(directory.resolve(SAMPLES));
            Files.createDirectories(directory.resolve(CHECKPOINTS));
            return lock;
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            if (created) {
                AtomicFiles.deleteTree(directory);
            }
            throw e;
        }
    }

    /**
     * Removes a new run that failed before its first step: everything in it, its lock file
     * included (call while the lock is still held), and the directory itself if {@link #prepare}
     * created it. Only for a directory {@link #prepare} made ready, which then held nothing else:
     * it was created, empty, or a run directory that {@code --overwrite} emptied.
     *
     * @param directory the run directory
     * @param created whether {@link #prepare} created the directory
     * @throws IOException if deleting fails
     */
    public static void discard(Path directory, boolean created) throws IOException {
        if (created) {
            AtomicFiles.deleteTree(directory);
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                AtomicFiles.deleteTree(path);
            }
        }
    }

    /**
     * Checks that a directory holds a finished or checkpointed run and returns its config file.
     *
     * @param directory the run directory
     * @return the path of its config.json
     * @throws InvalidInputException if it is not a run directory
     */
    public static Path requireRun(Path directory) {
        Path config = directory.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new InvalidInputException(
                    "'" + directory + "' is not a run directory: it has no " + CONFIG);
        }
        return config;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Refuses to let {@code --overwrite} empty a folder that is not a run directory: one without
     * {@code config.json}, or holding anything a run does not write (a thesis, photos).
     */
    private static void requireOnlyRunFiles(Path directory) throws IOException {
        List<String> foreign;
        try (Stream<Path> entries = Files.list(directory)) {
            foreign =
                    entries.map(path -> path.getFileName().toString())
                            .filter(name -> !ENTRIES.contains(name) && !isTemporary(name))
                            .sorted()
                            .toList();
        }
        if (!foreign.isEmpty() || !Files.isRegularFile(directory.resolve(CONFIG))) {
            throw new InvalidInputException(
                    "--overwrite replaces only a run directory, and '" + directory + "' is not one"
                            + (foreign.isEmpty()
                                    ? " (it has no " + CONFIG + ")"
                                    : " (it holds " + String.join(", ", foreign.subList(
                                            0, Math.min(3, foreign.size())))
                                            + (foreign.size() > 3 ? ", ..." : "") + ")")
                            + "; choose another --out");
        }
    }

    /**
     * Deletes the temporary files and directories that a process killed while writing left in a
     * run directory ({@code .config.json.*.tmp}, {@code .model.*.tmp}, ...); call with the run's
     * lock held.
     *
     * @param directory the run directory
     * @throws IOException if deleting fails
     */
    public static void removeTemporaries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                if (isTemporary(path.getFileName().toString())) {
                    AtomicFiles.deleteTree(path);
                }
            }
        }
    }

    private static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                if (!path.getFileName().toString().equals(LOCK)) {
                    AtomicFiles.deleteTree(path);
                }
            }
        }
    }
}
