package io.github.djlgan.djl.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the
 * same directory, which is then renamed over the target in one step.
 *
 * <p>Temporary files and directories are created like any other file, so they, and the files they
 * become, get the permissions the process's umask gives (0644 and 0755 under umask 022). The JDK's
 * {@code Files.createTempFile} and {@code createTempDirectory} would make them 0600 and 0700, and a
 * rename keeps the mode: another account could then not read a run's results.
 */
public final class AtomicFiles {

    /** The interface every writer here implements: fill a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param out the stream to write to
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /** The suffix of every temporary file and directory made here. */
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /**
     * Writes a file atomically.
     *
     * @param target the file to create or replace
     * @param writer what to write
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = createTemporaryFile(directory, target.getFileName().toString());
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writer.write(out);
            }
            move(temporary, target);
        } catch (IOException e) {
            throw new IOException("writing " + target + ": " + reason(e), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes a UTF-8 text file atomically.
     *
     * @param target the file to create or replace
     * @param text the content
     * @throws IOException if writing fails
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes a PNG atomically.
     *
     * @param target the file to create or replace
     * @param image the picture
     * @throws IOException if writing fails
     */
    public static void writePng(Path target, BufferedImage image) throws IOException {
        // ImageIO's default disk cache registers a shutdown hook per stream, which fails while the
        // JVM shuts down (the final picture after Ctrl-C); pictures are small, so cache in memory.
        ImageIO.setUseCache(false);
        write(
                target,
                out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer available");
                    }
                });
    }

    /**
     * Renames a fully written file or directory to its final name in one step.
     *
     * @param source the finished temporary file or directory
     * @param target the final name, which must not exist for a directory
     * @throws IOException if the rename fails
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates an empty hidden file {@code .NAME.<random>.tmp} in a directory, with the permissions
     * a new file gets under the process's umask.
     *
     * @param directory an existing directory
     * @param name the name of the file it will become
     * @return the new file
     * @throws IOException if it cannot be created
     */
    public static Path createTemporaryFile(Path directory, String name) throws IOException {
        while (true) {
            try {
                return Files.createFile(directory.resolve(temporaryName(name)));
            } catch (FileAlreadyExistsException e) {
                // Another random name.
            }
        }
    }

    /**
     * Creates an empty hidden directory {@code .NAME.<random>.tmp} in a directory, with the
     * permissions a new directory gets under the process's umask.
     *
     * @param directory an existing directory
     * @param name the name of the directory it will become
     * @return the new directory
     * @throws IOException if it cannot be created
     */
    public static Path createTemporaryDirectory(Path directory, String name) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(directory.resolve(temporaryName(name)));
            } catch (FileAlreadyExistsException e) {
                // Another random name.
            }
        }
    }

    /**
     * Deletes what an interrupted write of {@code name} left in a directory: every temporary file
     * or directory made for it by {@link #createTemporaryFile} or {@link
     * #createTemporaryDirectory}.
     *
     * @param directory the directory, which need not exist
     * @param name the name of the file or directory that was being written
     * @throws IOException if listing or deleting fails
     */
    public static void removeLeftovers(Path directory, String name) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        String prefix = "." + name + ".";
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                String file = path.getFileName().toString();
                if (file.startsWith(prefix) && file.endsWith(TEMPORARY_SUFFIX)) {
                    deleteTree(path);
                }
            }
        }
    }

    /**
     * Deletes a file, or a directory with everything below it. Symbolic links are deleted, never
     * followed.
     *
     * @param path the file or directory, which need not exist
     * @throws IOException if deleting fails
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    /**
     * Says what went wrong in a write, without the name of the temporary file it went wrong in.
     *
     * @param e the failure
     * @return its reason, such as "No space left on device"
     */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException file && file.getReason() != null) {
            return file.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String temporaryName(String name) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "." + name + "." + HexFormat.of().formatHex(random) + TEMPORARY_SUFFIX;
    }
}
