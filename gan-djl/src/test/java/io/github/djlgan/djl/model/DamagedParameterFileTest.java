package io.github.djlgan.djl.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorModel;

import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Parameter files that are truncated, declare another data type, a huge or negative shape or a
 * huge length are refused with one line before DJL reads them, on both engines: a checkpoint's
 * {@code generator.params} read by {@link GanModels#loadParameters}, and a model directory's
 * {@code generator-0000.params} read by DJL's {@code Criteria.loadModel()}, whose own header
 * (magic, version, data type, inputs, properties) is checked too. A sound file still loads.
 */
public class DamagedParameterFileTest {

    /** How the generator's parameters are read back. */
    enum Reader {
        /** A checkpoint's file, through {@link GanModels#loadParameters}. */
        PARAMETERS,
        /** A model directory's file, through {@link GeneratorModel#criteria}. */
        MODEL
    }

    private Path root;

    @BeforeMethod
    public void createRoot() throws Exception {
        root = Files.createTempDirectory("damaged-params");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteRoot() throws Exception {
        AtomicFiles.deleteTree(root);
    }

    @DataProvider
    public static Object[][] readers() {
        return new Object[][] {
            {"PyTorch", Reader.PARAMETERS}, {"MXNet", Reader.PARAMETERS},
            {"PyTorch", Reader.MODEL}, {"MXNet", Reader.MODEL}
        };
    }

    @DataProvider
    public static Object[][] models() {
        return new Object[][] {{"PyTorch", Reader.MODEL}, {"MXNet", Reader.MODEL}};
    }

    private static TrainingConfig config(String engine) {
        return TrainingConfig.builder().optRuntime(r -> r.optEngine(engine)).optSeed(3).build();
    }

    private static GanModels models(String engine) {
        return GanSetup.models(config(engine), Device.cpu());
    }

    /** Writes G as the reader reads it into a new folder and returns the parameter file. */
    private Path write(GanModels models, String engine, Reader reader, String folder)
            throws Exception {
        Path directory = root.resolve(folder);
        if (reader == Reader.MODEL) {
            GeneratorModel.save(models, config(engine), directory);
            return directory.resolve(GeneratorModel.NAME + "-0000.params");
        }
        models.saveParameters(Files.createDirectories(directory));
        return directory.resolve(GanModels.GENERATOR_FILE);
    }

    /** Reads G back as the reader does, into {@code into} for a checkpoint's file; G(z). */
    private static float[] read(GanModels into, String engine, Reader reader, Path file)
            throws Exception {
        if (reader == Reader.PARAMETERS) {
            into.loadParameters(file.getParent());
            try (NDManager scope = into.generator().getNDManager().newSubManager()) {
                return into.generate(noise(engine, scope)).toFloatArray();
            }
        }
        try (ZooModel<NDArray, float[]> model =
                        GeneratorModel.criteria(file.getParent(), NDArray.class, float[].class)
                                .optEngine(engine)
                                .build()
                                .loadModel();
                Predictor<NDArray, float[]> predictor = model.newPredictor();
                NDManager scope = model.getNDManager().newSubManager()) {
            return predictor.predict(noise(engine, scope));
        }
    }

    /** The same z each time. */
    private static NDArray noise(String engine, NDManager manager) {
        TrainingConfig config = config(engine);
        return new NoiseSource(config.model().noise(), config.model().latentDim(), 7)
                .next(manager, 1);
    }

    /** A sound file loads and gives the saved G's samples; returns its bytes. */
    private byte[] valid(String engine, Reader reader) throws Exception {
        try (GanModels models = models(engine);
                NDManager scope = models.generator().getNDManager().newSubManager()) {
            Path file = write(models, engine, reader, "valid");
            float[] expected = models.generate(noise(engine, scope)).toFloatArray();
            try (GanModels other = models(engine)) {
                assertEquals(read(other, engine, reader, file), expected, 1e-6f);
            }
            return Files.readAllBytes(file);
        }
    }

    /** Writes one damaged copy of a sound file and expects it refused with one line. */
    private void expectRefused(String engine, Reader reader, byte[] damaged, String expected)
            throws Exception {
        try (GanModels models = models(engine)) {
            Path file = write(models, engine, reader, "damaged");
            Files.write(file, damaged);
            InvalidInputException refused =
                    expectThrows(
                            InvalidInputException.class,
                            () -> read(models, engine, reader, file));
            String message = refused.getMessage();
            assertTrue(message.matches("Cannot load .*" + file.getFileName() + ": it does not"
                    + " hold this generator's parameters \\(.*"), message);
            assertTrue(message.contains(expected), message);
            assertEquals(message.lines().count(), 1L);
        }
    }

    @Test(dataProvider = "readers")
    public void aTruncatedFileIsRefused(String engine, Reader reader) throws Exception {
        byte[] bytes = valid(engine, reader);
        expectRefused(engine, reader, Arrays.copyOf(bytes, bytes.length / 2), "truncated");
    }

    @Test(dataProvider = "readers")
    public void anotherDataTypeIsRefused(String engine, Reader reader) throws Exception {
        byte[] bytes = valid(engine, reader);
        int at = lastArray(bytes);
        System.arraycopy("FLOAT16".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 7);
        expectRefused(engine, reader, bytes, "declares another data type");
    }

    /** A length of 2^31 - 1 declared in a file of a few KB: refused without allocating it. */
    @Test(dataProvider = "readers")
    public void aHugeDeclaredLengthIsRefused(String engine, Reader reader) throws Exception {
        byte[] bytes = valid(engine, reader);
        ByteBuffer.wrap(bytes).putInt(lastLength(bytes), Integer.MAX_VALUE);
        expectRefused(engine, reader, bytes, "declares another data type");
    }

    /** A dimension of 2^40, and one of -3, in the last array's shape. */
    @Test(dataProvider = "readers")
    public void aHugeOrNegativeShapeIsRefused(String engine, Reader reader) throws Exception {
        byte[] bytes = valid(engine, reader);
        int dimension = lastArray(bytes) + "FLOAT32".length() + Integer.BYTES;
        for (long size : new long[] {1L << 40, -3}) {
            byte[] damaged = bytes.clone();
            ByteBuffer.wrap(damaged).putLong(dimension, size);
            expectRefused(engine, reader, damaged, "declares another data type");
        }
    }

    /**
     * The model file's own header, which DJL reads before the parameters: a flipped magic byte
     * (without which DJL's PyTorch loader would keep the new block's values), FLOAT16, 2^31-1
     * inputs, an input of 2^31-1 dimensions, a negative batch, 2^31-1 properties, and a model
     * name of 65,535 bytes.
     */
    @Test(dataProvider = "models")
    public void aDamagedModelHeaderIsRefused(String engine, Reader reader) throws Exception {
        byte[] bytes = valid(engine, reader);
        int name = 8;
        int dataType = name + 2 + Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(name));
        int inputs = dataType + 2 + "FLOAT32".length();
        int shape =
                inputs + 4 + 2 + Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(inputs + 4));
        int rank = ByteBuffer.wrap(bytes).getInt(shape);
        int properties = shape + 4 + rank * Long.BYTES + 4 + rank * Character.BYTES;
        Object[][] damages = {
            {0, (byte) ('D' ^ 1), "it is not a DJL model file of version 1"},
            {dataType + 2 + 5, (short) ('1' << 8 | '6'),
                "its header declares the data type FLOAT16, not FLOAT32"},
            {inputs, Integer.MAX_VALUE, "its header declares 2147483647 inputs"},
            {shape, Integer.MAX_VALUE, "its header declares another input shape"},
            {shape + 4, -1L, "its header declares another input shape"},
            {properties, Integer.MAX_VALUE, "its header declares 2147483647 properties"},
            // Read on as a string, into the parameters or past the end.
            {name, (short) -1, "its header"},
        };
        for (Object[] damage : damages) {
            byte[] damaged = bytes.clone();
            ByteBuffer at = ByteBuffer.wrap(damaged).position((int) damage[0]);
            if (damage[1] instanceof Byte value) {
                at.put(value);
            } else if (damage[1] instanceof Short value) {
                at.putShort(value);
            } else if (damage[1] instanceof Integer value) {
                at.putInt(value);
            } else {
                at.putLong((Long) damage[1]);
            }
            expectRefused(engine, reader, damaged, (String) damage[2]);
        }
    }

    /** Where the last array's data type is written: inside the block's parameters. */
    private static int lastArray(byte[] bytes) {
        int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("FLOAT32");
        assertTrue(at > 0);
        return at;
    }

    /**
     * Where the last array's byte count is written: after its data type, its shape (rank,
     * dimensions, layout) and its byte order.
     */
    private static int lastLength(byte[] bytes) {
        int shape = lastArray(bytes) + "FLOAT32".length();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int rank = buffer.getInt(shape);
        long values = 1;
        for (int i = 0; i < rank; i++) {
            values *= buffer.getLong(shape + Integer.BYTES + i * Long.BYTES);
        }
        int length = shape + Integer.BYTES + rank * Long.BYTES + Integer.BYTES
                + rank * Character.BYTES + 1;
        assertEquals(buffer.getInt(length), values * Float.BYTES, "the layout DJL writes");
        return length;
    }
}
