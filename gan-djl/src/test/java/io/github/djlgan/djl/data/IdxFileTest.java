package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class IdxFileTest {

    private static final IdxFile SAMPLE =
            new IdxFile(new int[] {2, 3, 2}, new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, 7, 8, 9,
                10, (byte) 255});

    @Test
    public void roundTripRawAndGzipped() throws IOException {
        Path folder = Files.createTempDirectory("idx");
        for (String name : new String[] {"images-idx3-ubyte", "images-idx3-ubyte.gz"}) {
            Path file = folder.resolve(name);
            SAMPLE.write(file);
            IdxFile read = IdxFile.read(file);
            assertEquals(read, SAMPLE);
            assertEquals(read.dimensions(), new int[] {2, 3, 2});
        }
        // The gzipped one really is compressed: gzip's magic bytes.
        byte[] head = Arrays.copyOf(Files.readAllBytes(folder.resolve("images-idx3-ubyte.gz")), 2);
        assertEquals(head, new byte[] {0x1f, (byte) 0x8b});
    }

    @Test
    public void truncatedFileNamesWhatIsMissing() throws IOException {
        Path file = Files.createTempDirectory("idx").resolve("short-idx3-ubyte");
        SAMPLE.write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains("12 values"), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    public void truncatedGzipIsReportedAsDamaged() throws IOException {
        Path file = Files.createTempDirectory("idx").resolve("short-idx3-ubyte.gz");
        SAMPLE.write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    public void wrongMagicNumberIsRefused() throws IOException {
        Path file = Files.createTempDirectory("idx").resolve("notes.txt");
        Files.writeString(file, "hello, this is not an IDX file");
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
        assertTrue(error.getMessage().contains("magic number"), error.getMessage());
    }

    @Test
    public void trailingDataIsRefused() throws IOException {
        Path file = Files.createTempDirectory("idx").resolve("long-idx3-ubyte");
        SAMPLE.write(file);
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
        assertTrue(error.getMessage().contains("beyond"), error.getMessage());
    }

    @Test
    public void missingFileIsAClearError() throws IOException {
        Path file = Files.createTempDirectory("idx").resolve("absent-idx3-ubyte");
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    /** Big-endian header of an unsigned-byte IDX file with these dimensions, and a small body. */
    private static byte[] hostile(int[] dimensions, int bodyBytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 + 4 * dimensions.length + bodyBytes);
        buffer.putInt(0x0800 | dimensions.length);
        for (int dimension : dimensions) {
            buffer.putInt(dimension);
        }
        return buffer.array();
    }

    /**
     * A 1 KB file whose header claims 2.1e9 values, or dimensions whose product overflows a long:
     * refused from the header and the file's length, before anything of that size is allocated
     * (the runtime's free memory barely moves).
     */
    @Test
    public void declaredSizesAreCheckedBeforeAllocating() throws IOException {
        Path folder = Files.createTempDirectory("idx");
        try {
            Object[][] cases = {
                {new int[] {2_100_000_000}, "is truncated"},
                {new int[] {70_000, 28, 28}, "is truncated"},
                {new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 3}, "is truncated"},
            };
            for (Object[] row : cases) {
                Path file = folder.resolve("hostile-idx3-ubyte");
                Files.write(file, hostile((int[]) row[0], 1024));
                Runtime runtime = Runtime.getRuntime();
                long before = runtime.totalMemory() - runtime.freeMemory();
                InvalidInputException error =
                        expectThrows(InvalidInputException.class, () -> IdxFile.read(file));
                long after = runtime.totalMemory() - runtime.freeMemory();
                assertTrue(error.getMessage().contains((String) row[1]), error.getMessage());
                assertTrue(after - before < 64L << 20, (after - before) + " bytes allocated");
            }
            // Compressed, the length is unknown: the data is gathered as it arrives.
            Path gzipped = folder.resolve("hostile-idx3-ubyte.gz");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
                out.write(hostile(new int[] {2_100_000_000}, 1024));
            }
            InvalidInputException error =
                    expectThrows(InvalidInputException.class, () -> IdxFile.read(gzipped));
            assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        } finally {
            io.github.djlgan.djl.io.AtomicFiles.deleteTree(folder);
        }
    }
}
