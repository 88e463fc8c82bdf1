package io.github.djlgan.djl.data;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST, raw or gzipped.
 *
 * <pre>
 * magic     4 bytes: 0, 0, 0x08 (unsigned byte), number of dimensions
 * sizes     one big-endian int per dimension
 * data      the product of the sizes, in bytes
 * </pre>
 *
 * <p>Reading checks the magic number, the dimensions and the length: a wrong, truncated or
 * overlong file is an {@link InvalidInputException} naming the file and what was wrong.
 *
 * @param dimensions the size of each dimension, outermost first (count, rows, columns for images)
 * @param data the values, row-major
 * @see <a href="http://yann.lecun.com/exdb/mnist/">The MNIST database, file formats</a>
 */
public record IdxFile(int[] dimensions, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Checks that the data fill the dimensions. */
    public IdxFile {
        if (dimensions.length == 0) {
            throw new IllegalArgumentException("an IDX file has at least one dimension");
        }
        long size = 1;
        for (int dimension : dimensions) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension " + dimension);
            }
            size *= dimension;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "dimensions " + Arrays.toString(dimensions) + " need " + size
                            + " values, got " + data.length);
        }
        dimensions = dimensions.clone();
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** a * b, or Long.MAX_VALUE where it would overflow: dimensions may multiply past a long. */
    private static long saturatedProduct(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads up to {@code size} bytes in blocks, so that memory grows with the bytes that really
     * arrive rather than with what a header declares.
     */
    private static byte[] gather(InputStream in, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(size, 1 << 20));
        byte[] block = new byte[1 << 20];
        int left = size;
        while (left > 0) {
            int read = in.readNBytes(block, 0, Math.min(block.length, left));
            if (read == 0) {
                break;
            }
            out.write(block, 0, read);
            left -= read;
        }
        return out.toByteArray();
    }

    /**
     * Returns the size of the outermost dimension: the number of images or labels.
     *
     * @return the count
     */
    public int count() {
        return dimensions[0];
    }

    /**
     * Reads a file, gzipped or not (told apart by gzip's magic bytes).
     *
     * @param file the file
     * @return its contents
     * @throws InvalidInputException if the file is missing, not IDX, or truncated
     * @throws IOException if reading fails for another reason
     */
    public static IdxFile read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
            // Uncompressed, the header's size is checked against the file's length before
            // anything is allocated; compressed, the data is gathered as it arrives.
            long stored = gzipped ? -1 : Files.size(file);
            return read(file, new DataInputStream(new BufferedInputStream(in, 1 << 16)), stored);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("IDX file " + file + " does not exist", e);
        } catch (EOFException | ZipException e) {
            throw new InvalidInputException(
                    "IDX file " + file + " is truncated or its compression is damaged", e);
        }
    }

    private static IdxFile read(Path file, DataInputStream in, long stored) throws IOException {
        int magic = in.readInt();
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
            throw new InvalidInputException(
                    String.format(
                            "%s is not an IDX file of unsigned bytes: magic number 0x%08x"
                                    + " (expected 0x000008NN with NN the number of dimensions)",
                            file, magic));
        }
        int[] dimensions = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dimensions[i] = in.readInt();
            if (dimensions[i] < 0) {
                throw new InvalidInputException(
                        file + ": dimension " + i + " is negative (" + dimensions[i] + ")");
            }
            size = saturatedProduct(size, dimensions[i]);
        }
        long header = Integer.BYTES * (1L + rank);
        if (stored >= 0 && size != stored - header) {
            throw new InvalidInputException(
                    file + (size > stored - header ? " is truncated" : " has data beyond its values")
                            + ": its header promises " + size + " values "
                            + Arrays.toString(dimensions) + ", the file holds "
                            + (stored - header));
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(file + ": " + size + " values are too many to load");
        }
        byte[] data = stored >= 0 ? in.readNBytes((int) size) : gather(in, (int) size);
        if (data.length < size) {
            throw new InvalidInputException(
                    file + " is truncated: its header promises " + size + " values "
                            + Arrays.toString(dimensions) + " but only " + data.length
                            + " follow");
        }
        if (in.read() != -1) {
            throw new InvalidInputException(
                    file + " has data beyond the " + size + " values its header promises");
        }
        return new IdxFile(dimensions, data);
    }

    /**
     * Writes the file atomically, gzipped when the name ends in {@code .gz}.
     *
     * @param file the file to create or replace
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.write(
                file,
                out -> {
                    GZIPOutputStream zipped = gzip ? new GZIPOutputStream(out) : null;
                    DataOutputStream data = new DataOutputStream(zipped != null ? zipped : out);
                    data.writeInt((UNSIGNED_BYTE << 8) | dimensions.length);
                    for (int dimension : dimensions) {
                        data.writeInt(dimension);
                    }
                    data.write(this.data);
                    data.flush();
                    if (zipped != null) {
                        zipped.finish();
                    }
                });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdxFile that
                && Arrays.equals(dimensions, that.dimensions)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dimensions);
    }
}
