package io.github.djlgan.djl.data;

/**
 * A file under an image folder that was not read, and why.
 *
 * @param file its path relative to the folder, {@code /}-separated
 * @param reason why it was skipped, a short phrase such as "not a regular file (a FIFO, device
 *     or socket)" or "declares 20000 x 20000 pixels, more than the limit of 89478485"
 */
public record SkippedFile(String file, String reason) {

    @Override
    public String toString() {
        return file + " (" + reason + ")";
    }
}
