package io.github.djlgan.djl.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Parameter files that are truncated, declare another data type, or declare a huge array are
 * refused with one line before DJL reads them, on both engines; a valid file still loads.
 */
public class DamagedParameterFileTest {

    private Path root;

    @BeforeMethod
    public void createRoot() throws IOException {
        root = Files.createTempDirectory("damaged-params");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteRoot() throws IOException {
        AtomicFiles.deleteTree(root);
    }

    private static GanModels models(String engine) {
        return GanSetup.models(
                TrainingConfig.builder().optRuntime(r -> r.optEngine(engine)).optSeed(3).build(), Device.cpu());
    }

    /** Writes one damaged copy of a valid generator file and expects it refused. */
    private void expectRefused(String engine, byte[] damaged, String expected) throws IOException {
        Path directory = Files.createDirectories(root.resolve("damaged"));
        try (GanModels models = models(engine)) {
            models.saveParameters(directory);
        }
        Files.write(directory.resolve(GanModels.GENERATOR_FILE), damaged);
        try (GanModels models = models(engine)) {
            InvalidInputException refused =
                    expectThrows(
                            InvalidInputException.class, () -> models.loadParameters(directory));
            assertTrue(refused.getMessage().contains(GanModels.GENERATOR_FILE), refused.getMessage());
            assertTrue(refused.getMessage().contains(expected), refused.getMessage());
            assertEquals(refused.getMessage().lines().count(), 1L);
        }
    }

    private byte[] valid(String engine) throws IOException {
        Path directory = Files.createDirectories(root.resolve("valid"));
        try (GanModels models = models(engine)) {
            models.saveParameters(directory);
            try (GanModels other = models(engine)) {
                other.loadParameters(directory);
                float[] expected = models.sample(
                        GanSetup.noise(TrainingConfig.builder().optSeed(3).build(), 1), 4);
                float[] loaded = other.sample(
                        GanSetup.noise(TrainingConfig.builder().optSeed(3).build(), 1), 4);
                assertEquals(loaded, expected);
            }
        }
        return Files.readAllBytes(directory.resolve(GanModels.GENERATOR_FILE));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aTruncatedFileIsRefused(String engine) throws IOException {
        byte[] bytes = valid(engine);
        expectRefused(engine, Arrays.copyOf(bytes, bytes.length / 2), "truncated");
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void anotherDataTypeIsRefused(String engine) throws IOException {
        byte[] bytes = valid(engine);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("FLOAT32");
        assertTrue(at > 0);
        byte[] damaged = bytes.clone();
        System.arraycopy("FLOAT16".getBytes(StandardCharsets.ISO_8859_1), 0, damaged, at, 7);
        expectRefused(engine, damaged, "declares another data type");
    }

    /** A length of 2^31 - 1 declared in a file of a few KB: refused without allocating it. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aHugeDeclaredLengthIsRefused(String engine) throws IOException {
        byte[] bytes = valid(engine);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // The first array's length is the int after its shape; find it as the data's byte count.
        int at = text.indexOf("FLOAT32");
        byte[] damaged = bytes.clone();
        boolean replaced = false;
        for (int i = at; i + 4 <= damaged.length && !replaced; i++) {
            int value = ByteBuffer.wrap(damaged, i, 4).getInt();
            if (value > 0 && value % 4 == 0 && i + 4 + value <= damaged.length && value >= 16) {
                ByteBuffer.wrap(damaged, i, 4).putInt(Integer.MAX_VALUE);
                replaced = true;
            }
        }
        assertTrue(replaced);
        expectRefused(engine, damaged, "declares another data type");
    }
}
