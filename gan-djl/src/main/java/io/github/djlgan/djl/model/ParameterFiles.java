package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks a DJL parameter file against the block it is to be loaded into, before DJL reads it.
 *
 * <p>DJL's reader ({@code Block.loadParameters}) trusts the file: it takes each array's data type
 * and shape from it and sets aside as many bytes as a declared length or count says before reading
 * them, so a 72 KB file declaring a huge array made it allocate gigabytes, a truncated one ended in
 * an {@code EOFException}, and a FLOAT16 or INT8 array loaded and failed later inside the engine.
 *
 * <p>The check needs no knowledge of the format, whose metadata differs from block to block: it
 * has the block write its own parameter file twice, with all values set to one bit pattern and to
 * another differing in every byte. Bytes that differ between the two are values; an 8-byte number
 * equal to the block's batch size is a recorded input shape's batch, which a trained file may hold
 * any value of. A file is accepted only if it has exactly the length of these and every other byte
 * (versions, counts, names, data types, shapes, lengths) is as the block writes it. Everything
 * DJL then allocates is what the network itself needs.
 */
public final class ParameterFiles {

    /** Two float bit patterns whose four bytes all differ. */
    private static final float FIRST = Float.intBitsToFloat(0x11111111);

    private static final float SECOND = Float.intBitsToFloat(0x22222222);


    private ParameterFiles() {}

    /**
     * Checks that a file holds parameters of exactly this block's structure.
     *
     * @param block the initialised block the file will be loaded into; its parameter values are
     *     overwritten, so call this right before loading
     * @param manager the manager the block was initialised with
     * @param file the parameter file
     * @param what what the block is, for the message (for example "generator")
     * @throws InvalidInputException naming the file, if it is missing, truncated or longer, or if
     *     any byte describing the arrays differs from what this block writes
     * @throws IOException if the file cannot be read
     */
    public static void verify(Block block, NDManager manager, Path file, String what)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw refused(file, what, "it is missing");
        }
        long batch = block.getInputShapes()[0].get(0);
        byte[] template = written(block, FIRST);
        byte[] values = written(block, SECOND);
        long size = Files.size(file);
        if (size != template.length) {
            throw refused(file, what, size < template.length
                    ? "it is truncated: " + size + " bytes of " + template.length
                    : "it has " + size + " bytes, its parameters take " + template.length);
        }
        boolean[] free = new boolean[template.length];
        for (int i = 0; i < template.length; i++) {
            free[i] |= template[i] != values[i];
            // The batch size recorded in the input shapes: any 8-byte big-endian number equal to
            // this block's batch may be another in a trained file. (A structure number that
            // equals it is then not compared either; the counts and lengths that DJL allocates
            // from are 4-byte ints, still compared.)
            if (i + Long.BYTES <= template.length
                    && ByteBuffer.wrap(template, i, Long.BYTES).getLong() == batch) {
                Arrays.fill(free, i, i + Long.BYTES, true);
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] buffer = new byte[64 * 1024];
            int offset = 0;
            int read;
            while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (!free[offset + i] && buffer[i] != template[offset + i]) {
                        throw refused(file, what, "byte " + (offset + i) + " declares another"
                                + " data type, shape, name, count or length than this network's");
                    }
                }
                offset += read;
            }
        }
    }

    private static InvalidInputException refused(Path file, String what, String why) {
        return new InvalidInputException(
                "Cannot load " + file + ": it does not hold this " + what + "'s parameters ("
                        + why + ")");
    }

    /** The block's parameter file with every value set to {@code value}. */
    private static byte[] written(Block block, float value) throws IOException {
        for (Parameter parameter : block.getParameters().values()) {
            NDArray array = parameter.getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException(
                        parameter.getName() + " is " + array.getDataType() + ", not FLOAT32");
            }
            float[] filled = new float[Math.toIntExact(array.size())];
            Arrays.fill(filled, value);
            array.set(FloatBuffer.wrap(filled));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
