package io.github.djlgan.djl.checkpoint;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checkpoints edited by hand: whatever a run directory says, nothing outside the run is read, and
 * a checkpoint that does not describe itself consistently is refused, never half-trusted.
 */
public class EditedCheckpointTest {

    private Path root;
    private Path outside;
    private CheckpointStore store;

    @BeforeMethod
    public void createStore() throws IOException {
        root = Files.createTempDirectory("edited");
        outside = Files.createDirectories(root.resolve("outside"));
        store = new CheckpointStore(root.resolve("run").resolve("checkpoints"), 5);
        for (long step : new long[] {100, 200}) {
            byte[] bytes = ("step " + step).getBytes(StandardCharsets.UTF_8);
            store.write(step, "mlp", Map.of("part.bin", out -> out.write(bytes)));
        }
    }

    @AfterMethod(alwaysRun = true)
    public void deleteRoot() throws IOException {
        AtomicFiles.deleteTree(root);
    }

    private Path manifest(long step) throws IOException {
        return store.list().stream().filter(p -> p.endsWith(CheckpointStore.name(step)))
                .findFirst().orElseThrow().resolve(Checkpoint.MANIFEST);
    }

    /** A manifest naming a part outside its directory is damaged; the one before is used. */
    @Test
    public void aPartOutsideTheCheckpointIsRefused() throws IOException {
        Files.writeString(outside.resolve("secret"), "not the run's");
        Path manifest = manifest(200);
        Files.writeString(
                manifest,
                Files.readString(manifest).replace("\"part.bin\"", "\"../../../outside/secret\""));
        InvalidInputException refused =
                expectThrows(
                        InvalidInputException.class,
                        () -> Checkpoint.open(manifest.getParent()));
        assertTrue(refused.getMessage().contains("names the part"), refused.getMessage());
        assertEquals(store.latest().orElseThrow().step(), 100);
    }

    /** A manifest whose step is not its directory's (a counter edited to -1000 or 99999). */
    @Test
    public void aStepThatIsNotTheDirectorysIsRefused() throws IOException {
        Path manifest = manifest(200);
        Files.writeString(
                manifest, Files.readString(manifest).replaceAll("\"step\"\\s*:\\s*200", "\"step\": -1000"));
        InvalidInputException refused =
                expectThrows(
                        InvalidInputException.class,
                        () -> Checkpoint.open(manifest.getParent()));
        assertTrue(refused.getMessage().contains("says step -1000"), refused.getMessage());
    }

    /**
     * A checkpoint directory that is a symbolic link to one elsewhere is not a checkpoint: not
     * the newest, and refused with one line when asked for by its step ({@code --checkpoint 300}).
     */
    @Test
    public void aLinkedCheckpointIsNotFollowed() throws IOException {
        Path elsewhere = root.resolve("run").resolve("checkpoints").resolve("step-00000200");
        Path moved = Files.move(elsewhere, outside.resolve("step-00000200"));
        Files.createSymbolicLink(
                root.resolve("run").resolve("checkpoints").resolve("step-00000300"), moved);
        assertEquals(store.latest().orElseThrow().step(), 100);
        InvalidInputException refused =
                expectThrows(InvalidInputException.class, () -> store.find("300"));
        assertTrue(refused.getMessage().contains("is a symbolic link"), refused.getMessage());
    }

    /** best.json naming a path instead of a checkpoint is ignored with a warning. */
    @Test
    public void aBestPointerLeadingOutIsIgnored() throws IOException {
        store.offerBest(store.latest().orElseThrow(), "modes", 3, Map.of());
        Path best = root.resolve("run").resolve("checkpoints").resolve(CheckpointStore.BEST);
        Files.writeString(
                best, Files.readString(best).replace("step-00000200", "../../outside"));
        assertTrue(store.best().isEmpty());
    }
}
