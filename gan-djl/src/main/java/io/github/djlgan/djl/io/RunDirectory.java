package io.github.djlgan.djl.io;

import io.github.djlgan.api.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

    private RunDirectory() {}

    /**
     * Checks that a run can be written to a directory and creates it. Nothing is written when the
     * check fails.
     *
     * @param directory the run directory
     * @param overwrite whether an existing non-empty directory may be emptied first
     * @throws InvalidInputException if the directory holds files and overwriting was not asked
     *     for, or cannot be written
     * @throws IOException if creating or emptying fails
     */
    public static void prepare(Path directory, boolean overwrite) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidInputException(
                    "Output '" + directory + "' exists and is not a directory");
        }
        if (Files.isDirectory(directory) && !isEmpty(directory)) {
            if (!overwrite) {
                throw new InvalidInputException(
                        "Output directory '"
                                + directory
                                + "' already holds files; choose another --out, or pass"
                                + " --overwrite to replace them");
            }
            deleteContents(directory);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "Cannot create output directory '" + directory + "': " + e.getMessage(), e);
        }
        if (!Files.isWritable(directory)) {
            throw new InvalidInputException("Output directory '" + directory + "' is not writable");
        }
        Files.createDirectories(directory.resolve(SAMPLES));
        Files.createDirectories(directory.resolve(CHECKPOINTS));
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

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }
}
