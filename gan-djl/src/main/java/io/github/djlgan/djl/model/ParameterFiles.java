package io.github.djlgan.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>A DJL model file ({@code Model.save}, which {@code Criteria.loadModel} reads) puts a header
 * of its own before the block's parameters; {@link #verifyModel} reads that header within bounds
 * first, then checks the rest in the same way.
 */
public final class ParameterFiles {

    /** Two float bit patterns whose four bytes all differ. */
    private static final float FIRST = Float.intBitsToFloat(0x11111111);

    private static final float SECOND = Float.intBitsToFloat(0x22222222);

    /** What DJL's {@code BaseModel.save} writes first, and the version after it. */
    private static final byte[] MODEL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

    private static final int MODEL_VERSION = 1;
    /** The longest model header read: names and properties are far shorter. */
    private static final int MAX_MODEL_HEADER = 1 << 20;


    private ParameterFiles() {}

    /**
     * Checks that a file holds parameters of exactly this block's structure, as {@code
     * Block.saveParameters} writes them.
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
        check(block, file, what, false);
    }

    /**
     * Checks that a file is a DJL model file holding exactly this block's parameters, as {@code
     * Model.save} writes it ({@code NAME-0000.params}) and DJL's model loaders ({@code
     * BaseModel.readParameters}, through {@code Criteria.loadModel}) read it, before they do. Its
     * header is read first, every count and length against the bytes present: the magic {@code
     * DJL@} and version 1 (without them DJL's PyTorch loader keeps the block's initial values,
     * and its MXNet loader hands the file to the engine's own reader); the model's name (any);
     * the data type, FLOAT32; the inputs, as many as the block's, each a name (any) and the
     * block's input shape (any positive batch); the properties, each a key and a value (any), at
     * most 1 MiB of header in all. What follows is checked as {@link #verify} checks a parameter
     * file.
     *
     * @param block the initialised block the file will be loaded into; its parameter values are
     *     overwritten, so call this right before loading
     * @param manager the manager the block was initialised with
     * @param file the model file
     * @param what what the block is, for the message (for example "generator")
     * @throws InvalidInputException naming the file, if it is missing, is not a DJL model file of
     *     version 1, declares another data type or input shape, or its parameters fail {@link
     *     #verify}'s check
     * @throws IOException if the file cannot be read
     */
    public static void verifyModel(Block block, NDManager manager, Path file, String what)
            throws IOException {
        check(block, file, what, true);
    }

    /** Checks a file, after a model header if {@code model}, against the block's own writing. */
    private static void check(Block block, Path file, String what, boolean model)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw refused(
                    file, what, Files.exists(file) ? "it is not a regular file" : "it is missing");
        }
        long batch = block.getInputShapes()[0].get(0);
        byte[] template = written(block, FIRST);
        byte[] values = written(block, SECOND);
        long size = Files.size(file);
        int header = model ? modelHeader(block, file, size, what) : 0;
        if (size - header != template.length) {
            throw refused(file, what, size - header < template.length
                    ? "it is truncated: " + size + " bytes of " + (header + template.length)
                    : "it has " + size + " bytes, its parameters take " + template.length
                            + (model ? " after a header of " + header : ""));
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
            in.skipNBytes(header);
            byte[] buffer = new byte[64 * 1024];
            int offset = 0;
            int read;
            while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (!free[offset + i] && buffer[i] != template[offset + i]) {
                        throw refused(file, what, "byte " + (header + offset + i) + " declares"
                                + " another data type, shape, name, count or length than this"
                                + " network's");
                    }
                }
                offset += read;
            }
        }
    }

    /**
     * Reads the header {@code BaseModel.save} writes before the block's parameters and returns
     * its length, refusing the file if the header is not what this block's model writes.
     */
    private static int modelHeader(Block block, Path file, long size, String what)
            throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes((int) Math.min(size, MAX_MODEL_HEADER));
        }
        ByteBuffer in = ByteBuffer.wrap(head);
        try {
            byte[] magic = new byte[MODEL_MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MODEL_MAGIC) || in.getInt() != MODEL_VERSION) {
                throw refused(file, what, "it is not a DJL model file of version "
                        + MODEL_VERSION);
            }
            string(in); // the model's name, which DJL only logs
            String dataType = string(in);
            if (!dataType.equals(DataType.FLOAT32.name())) {
                throw refused(file, what, "its header declares the data type " + dataType
                        + ", not " + DataType.FLOAT32.name());
            }
            Shape[] shapes = block.getInputShapes();
            int inputs = in.getInt();
            if (inputs != shapes.length) {
                throw refused(file, what, "its header declares " + inputs + " inputs, the"
                        + " network has " + shapes.length);
            }
            for (Shape shape : shapes) {
                string(in); // the input's name, which DJL only records
                byte[] expected = shape.getEncoded();
                byte[] saved = new byte[expected.length];
                in.get(saved);
                // After the rank, the batch: any positive size.
                ByteBuffer savedShape = ByteBuffer.wrap(saved);
                if (savedShape.getLong(Integer.BYTES) > 0) {
                    savedShape.putLong(Integer.BYTES, shape.get(0));
                }
                if (!Arrays.equals(saved, expected)) {
                    throw refused(file, what, "its header declares another input shape than"
                            + " this network's " + shape);
                }
            }
            int properties = in.getInt();
            // A property is two strings, at least 2 bytes each.
            if (properties < 0 || properties > in.remaining() / 4) {
                throw refused(file, what, "its header declares " + properties + " properties");
            }
            for (int i = 0; i < 2 * properties; i++) {
                string(in); // a key or a value, which DJL only records
            }
            return in.position();
        } catch (BufferUnderflowException e) {
            throw refused(file, what, head.length < size
                    ? "its header takes more than " + MAX_MODEL_HEADER + " bytes"
                    : "it is truncated inside its header (" + size + " bytes)");
        } catch (UTFDataFormatException e) {
            throw refused(file, what, "its header holds a string that is not modified UTF-8");
        }
    }

    /** A string as Java's DataOutput writes it; its length is checked against the bytes left. */
    private static String string(ByteBuffer in) throws IOException {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] utf = new byte[Short.BYTES + length];
        ByteBuffer.wrap(utf).putShort((short) length);
        in.get(utf, Short.BYTES, length);
        return new DataInputStream(new ByteArrayInputStream(utf)).readUTF();
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
