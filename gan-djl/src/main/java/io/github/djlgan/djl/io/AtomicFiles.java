package io.github.djlgan.djl.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.ImageIO;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the
 * same directory, which is then renamed over the target in one step.
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
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writer.write(out);
            }
            move(temporary, target);
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
}
