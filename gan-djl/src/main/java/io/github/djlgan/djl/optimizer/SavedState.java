package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.github.djlgan.api.InvalidInputException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link StatefulOptimizer}'s saved state read back into a plain description, checked against
 * the block it belongs to before anything is allocated: {@link StatefulOptimizer#verifyState}
 * reads it and drops it, {@link StatefulOptimizer#loadState} reads it and decodes the arrays.
 *
 * <p>The saved form, as {@link StatefulOptimizer#saveState} writes it with Java's {@code
 * DataOutput} (a string is a 2-byte length and modified UTF-8; numbers are big-endian):
 *
 * <pre>
 * string  "djl-gan optimizer state", then int 1 (the format)
 * string  the optimiser's kind, such as "adam"
 * int     t, the update count, at least 0
 * float   the learning-rate factor, positive and finite
 * int     the number of parameters, the block's
 * per parameter, in the block's order:
 *   string  its name in the block
 *   int     its own update count, in [0, t]
 *   per state name of the optimiser (Adam's m and v, SGD's velocity, RMSProp's mean square):
 *     byte  1 if the array is saved, 0 if not (no update has made it yet)
 *     int   the array's length in bytes, then the array in DJL's NDArray.encode() form
 * </pre>
 *
 * <p>Nothing read is trusted: every count, name and flag must be the block's; every declared
 * length must be that of an array of its parameter's data type and shape and no more than the
 * bytes left; every array's own header (version, name, sparse format, data type, shape, byte
 * order) must be, byte for byte, the one DJL encodes for an unnamed array of its parameter's data
 * type and shape, so that only the values are free. Each allocation is one state array of one
 * parameter, after its length was checked (in all, what the block's own state takes), or a
 * string, at most 64 KiB by its format.
 *
 * @param updates t, the update count
 * @param learningRateFactor the factor on the schedule's learning rate
 * @param parameters per parameter of the block, in its order
 */
record SavedState(int updates, float learningRateFactor, List<SavedParameter> parameters) {

    /** The first string of the saved form. */
    static final String HEADER = "djl-gan optimizer state";
    /** The version of the saved form. */
    static final int FORMAT = 1;

    /**
     * One parameter's saved state.
     *
     * @param name its name in the block
     * @param updates its own update count
     * @param arrays per state name, the array in {@link NDArray#encode()} form, or null where none
     *     was saved
     */
    record SavedParameter(String name, int updates, List<byte[]> arrays) {}

    /**
     * Reads a saved state and checks it against a block and an optimiser.
     *
     * @param block the block the optimiser updates, initialised
     * @param kind the optimiser's {@link StatefulOptimizer#kind()}
     * @param stateNames the optimiser's state names, in order
     * @param input the saved state
     * @param size how many bytes {@code input} holds (a file's length)
     * @return the state, each array of its parameter's data type and shape
     * @throws InvalidInputException with one line, if anything differs from what this optimiser
     *     saves for this block, the input is shorter than its declarations, or longer than them
     * @throws IOException if reading fails
     */
    static SavedState read(
            Block block, String kind, List<String> stateNames, InputStream input, long size)
            throws IOException {
        Counted counted = new Counted(input, size);
        DataInputStream in = new DataInputStream(counted);
        String at = "its header";
        try {
            if (!HEADER.equals(in.readUTF()) || in.readInt() != FORMAT) {
                throw new InvalidInputException("not an optimizer state of this version");
            }
            String savedKind = in.readUTF();
            if (!savedKind.equals(kind)) {
                throw new InvalidInputException(
                        "the optimizer state is " + savedKind + "'s, not " + kind + "'s");
            }
            int updates = in.readInt();
            if (updates < 0) {
                throw new InvalidInputException(
                        "the optimizer state counts " + updates + " updates");
            }
            float factor = in.readFloat();
            if (!(factor > 0) || !Float.isFinite(factor)) {
                throw new InvalidInputException(
                        "the optimizer state's learning-rate factor is " + factor
                                + ", not a positive number");
            }
            List<Pair<String, Parameter>> parameters = block.getParameters().stream().toList();
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new InvalidInputException(
                        "the optimizer state has " + count + " parameters, the network "
                                + parameters.size());
            }
            List<SavedParameter> saved = new ArrayList<>(count);
            for (Pair<String, Parameter> entry : parameters) {
                String name = in.readUTF();
                if (!name.equals(entry.getKey())) {
                    throw new InvalidInputException(
                            "the optimizer state holds parameter '" + name
                                    + "' where the network has '" + entry.getKey() + "'");
                }
                at = "the state of '" + name + "'";
                int parameterUpdates = in.readInt();
                if (parameterUpdates < 0 || parameterUpdates > updates) {
                    throw new InvalidInputException(
                            "the optimizer state of '" + name + "' counts " + parameterUpdates
                                    + " updates, outside [0, " + updates + "]");
                }
                Expected expected = Expected.of(entry.getValue().getArray());
                List<byte[]> arrays = new ArrayList<>(stateNames.size());
                for (String stateName : stateNames) {
                    arrays.add(readArray(
                            in, counted, "the " + stateName + " array of '" + name + "'",
                            expected));
                }
                saved.add(new SavedParameter(name, parameterUpdates, arrays));
            }
            long used = size - counted.remaining;
            if (in.read() != -1) {
                throw new InvalidInputException(
                        "the optimizer state goes on after its last parameter's state: it has "
                                + size + " bytes, that state ends at byte " + used);
            }
            return new SavedState(updates, factor, saved);
        } catch (EOFException | UTFDataFormatException e) {
            throw new InvalidInputException(
                    "the optimizer state is truncated or damaged: it ends inside " + at, e);
        }
    }

    /** One state array: null if its flag says none was saved, else its checked bytes. */
    private static byte[] readArray(
            DataInputStream in, Counted counted, String what, Expected expected)
            throws IOException {
        int flag = in.readUnsignedByte();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new InvalidInputException(
                    "the optimizer state has byte " + flag + " where 0 or 1 says whether "
                            + what + " is saved");
        }
        // Checked before allocating: a damaged file may declare any length.
        int length = in.readInt();
        if (length != expected.length) {
            throw new InvalidInputException(
                    "the optimizer state declares " + length + " bytes for " + what
                            + ", an array of the parameter's " + expected.shape + " takes "
                            + expected.length);
        }
        if (length > counted.remaining) {
            throw new InvalidInputException(
                    "the optimizer state is truncated: " + what + " takes " + length
                            + " bytes, " + counted.remaining + " are left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        int differs = Arrays.mismatch(bytes, 0, expected.header.length, expected.header, 0,
                expected.header.length);
        if (differs >= 0) {
            throw new InvalidInputException(
                    "in the optimizer state, " + what + " is not of the parameter's data type"
                            + " and shape, " + expected.shape + " (byte " + differs
                            + " of its header differs)");
        }
        return bytes;
    }

    /**
     * What a state array of a parameter encodes to: DJL's own header for an unnamed array of the
     * parameter's data type and shape (as the optimiser's state arrays are), and the total length
     * with the values.
     */
    private record Expected(byte[] header, int length, String shape) {

        static Expected of(NDArray weight) {
            byte[] encoded;
            try (NDArray probe =
                    weight.getManager().zeros(weight.getShape(), weight.getDataType())) {
                encoded = probe.encode();
            }
            long values = weight.size() * weight.getDataType().getNumOfBytes();
            return new Expected(
                    Arrays.copyOf(encoded, Math.toIntExact(encoded.length - values)),
                    encoded.length,
                    weight.getDataType() + " " + weight.getShape());
        }
    }

    /** The input, counting how many of its declared bytes are left. */
    private static final class Counted extends FilterInputStream {

        private long remaining;

        Counted(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                remaining--;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }
    }
}
