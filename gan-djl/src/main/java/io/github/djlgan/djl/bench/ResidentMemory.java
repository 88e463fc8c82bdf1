package io.github.djlgan.djl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory, from Linux's {@code /proc/self/status} ({@code VmHWM}).
 * Writing 5 to {@code /proc/self/clear_refs} resets the peak to the current resident size, so the
 * peak of one measured interval can be read. Elsewhere the figures are unknown (-1).
 */
final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {}

    /** Starts a new peak at the current resident size, where the system allows it. */
    static void resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux, or not allowed: the peak is then the peak since the process started.
        }
    }

    /**
     * Returns the peak resident size since the process started or the last {@link #resetPeak}.
     *
     * @return bytes, or -1 when unknown
     */
    static long peakBytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    String[] fields = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(fields[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
        return -1;
    }
}
