package io.github.djlgan.djl.checkpoint;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sampling a run while it trains: a reader of the newest checkpoint never fails because the
 * writer pruned it between verifying and reading, and reads only complete checkpoints.
 */
public class ConcurrentReadTest {

    @Test
    public void readingWhileTrainingPrunesNeverFails() throws Exception {
        Path root = Files.createTempDirectory("concurrent");
        try {
            CheckpointStore store = new CheckpointStore(root.resolve("checkpoints"), 1);
            byte[] payload = new byte[256 * 1024];
            Map<String, AtomicFiles.Writer> parts =
                    Map.of("a.bin", out -> out.write(payload), "b.bin", out -> out.write(payload));
            store.write(1, "mlp", parts);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer =
                    new Thread(() -> {
                        try {
                            for (long step = 2; !done.get(); step++) {
                                store.write(step, "mlp", parts);
                            }
                        } catch (Throwable e) {
                            writerFailure.set(e);
                        }
                    });
            writer.start();
            try {
                for (int i = 0; i < 300; i++) {
                    long bytes =
                            store.read(
                                    "latest",
                                    checkpoint ->
                                            (long) Files.readAllBytes(checkpoint.part("a.bin")).length
                                                    + Files.readAllBytes(checkpoint.part("b.bin"))
                                                            .length);
                    assertEquals(bytes, 2L * payload.length);
                }
            } finally {
                done.set(true);
                writer.join();
            }
            assertEquals(writerFailure.get(), null);
            // A step that is gone is reported, not retried for ever.
            InvalidInputException gone =
                    expectThrows(InvalidInputException.class, () -> store.read("1", c -> 0));
            assertTrue(gone.getMessage().contains("no complete checkpoint"), gone.getMessage());
            expectThrows(
                    InvalidInputException.class,
                    () -> store.read("99999999999999999999999", c -> 0));
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }
}
