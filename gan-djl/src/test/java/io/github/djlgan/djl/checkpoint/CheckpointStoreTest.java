package io.github.djlgan.djl.checkpoint;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public class CheckpointStoreTest {

    private static Checkpoint write(CheckpointStore store, long step) throws IOException {
        byte[] bytes = ("step " + step).getBytes(StandardCharsets.UTF_8);
        Map<String, AtomicFiles.Writer> parts = Map.of("part.bin", out -> out.write(bytes));
        return store.write(step, "mlp", parts);
    }

    private static List<String> names(CheckpointStore store) throws IOException {
        return store.list().stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * The best checkpoint survives pruning beyond the newest N; a lower score does not replace it,
     * a higher one does, and the old best is then pruned like any other.
     */
    @Test
    public void theBestCheckpointIsKeptBesidesTheNewest() throws IOException {
        CheckpointStore store =
                new CheckpointStore(Files.createTempDirectory("store").resolve("checkpoints"), 2);
        assertTrue(store.offerBest(write(store, 100), "modes", 5, Map.of("modesCovered", 5.0)));
        assertFalse(store.offerBest(write(store, 200), "modes", 4, Map.of()));
        assertFalse(store.offerBest(write(store, 300), "modes", 5, Map.of()));
        assertEquals(names(store), List.of("step-00000100", "step-00000200", "step-00000300"));
        assertEquals(store.best().orElseThrow().step(), 100);
        assertEquals(store.best().orElseThrow().measurements(), Map.of("modesCovered", 5.0));
        assertEquals(store.find("best").step(), 100);

        assertTrue(store.offerBest(write(store, 400), "modes", 7, Map.of()));
        assertEquals(names(store), List.of("step-00000300", "step-00000400"));
        assertEquals(store.find("best").step(), 400);
        assertEquals(store.find("latest").step(), 400);
        assertEquals(store.find("300").step(), 300);
        assertEquals(store.find("step-00000300").step(), 300);
        // Another metric starts over: its first score is the best.
        assertTrue(store.offerBest(write(store, 500), "high-quality", 0.1, Map.of()));
    }

    /** Going back to a step forgets a best checkpoint taken after it, which is deleted. */
    @Test
    public void removingLaterCheckpointsForgetsALaterBest() throws IOException {
        CheckpointStore store =
                new CheckpointStore(Files.createTempDirectory("store").resolve("checkpoints"), 5);
        write(store, 100);
        store.offerBest(write(store, 200), "modes", 3, Map.of());
        store.removeAfter(100);
        assertEquals(names(store), List.of("step-00000100"));
        assertTrue(store.best().isEmpty());
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> store.find("best"));
        assertTrue(error.getMessage().contains("holds no best checkpoint"), error.getMessage());
    }

    @Test
    public void unknownOrMissingCheckpointsAreNamedInTheError() throws IOException {
        Path directory = Files.createTempDirectory("store").resolve("checkpoints");
        CheckpointStore store = new CheckpointStore(directory, 5);
        assertTrue(
                expectThrows(InvalidInputException.class, () -> store.find("latest"))
                        .getMessage()
                        .contains("holds no complete checkpoint"));
        write(store, 100);
        assertTrue(
                expectThrows(InvalidInputException.class, () -> store.find("first"))
                        .getMessage()
                        .contains("give latest, best or a step"));
        assertTrue(
                expectThrows(InvalidInputException.class, () -> store.find("250"))
                        .getMessage()
                        .contains("[step-00000100]"));
    }
}
