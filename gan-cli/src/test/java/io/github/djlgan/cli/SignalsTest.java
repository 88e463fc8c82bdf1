package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;

import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.serving.GeneratorModel;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signals at the two moments where a run replaces files it wrote before: while it prunes old
 * checkpoints, and while it writes its final {@code model/}. Each time, no directory is left that
 * looks complete but is not, and {@code --resume} recovers (leaving no hidden temporary behind).
 */
public class SignalsTest {

    private static final int KILLS = 10;

    /**
     * SIGKILL at ten random moments (seeded) of a run that writes a checkpoint every 50 steps and
     * keeps 2, so that it prunes one at nearly every checkpoint: every checkpoint directory left
     * verifies, and the next {@code --resume} goes on.
     */
    @Test
    public void killsDuringPruningLeaveOnlyCompleteCheckpoints() throws Exception {
        Path root = Files.createTempDirectory("prune-kill");
        try {
            Path run = root.resolve("run");
            SplittableRandom random = new SplittableRandom(19);
            List<String> first = List.of("train", "--out", run.toString(), "--steps", "1000000",
                    "--checkpoint-every", "50", "--keep-checkpoints", "2", "--log-every", "50",
                    "--sample-every", "0", "--hidden-width", "32", "--seed", "8",
                    "--no-progress");
            List<String> again = List.of("train", "--resume", run.toString(), "--no-progress");
            long newest = -1;
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = ChildGan.start(kill == 0 ? first : again,
                        root.resolve("child-" + kill + ".log"));
                assertTrue(awaitCheckpointAfter(run, newest, child),
                        "the child ended: " + Files.readString(root.resolve("child-" + kill + ".log")));
                Thread.sleep(random.nextInt(400));
                child.destroyForcibly().waitFor();
                long reached = assertOnlyCompleteCheckpoints(run);
                assertTrue(reached > newest, "no progress after kill " + (kill + 1));
                newest = reached;
            }
            // The last resume trains 50 steps more and finishes; nothing temporary is left.
            CliResult finished = CliResult.run("train", "--resume", run.toString(),
                    "--steps", Long.toString(newest + 50), "--no-progress");
            assertEquals(finished.code(), 0, finished.err());
            assertEquals(assertOnlyCompleteCheckpoints(run), newest + 50);
            assertNoHiddenLeftovers(run.resolve(RunDirectory.CHECKPOINTS));
            assertNoHiddenLeftovers(run);
        } finally {
            TinyRuns.deleteTree(root);
        }
    }

    /**
     * SIGTERM, then SIGKILL, as soon as the final model/ is being written (its temporary
     * directory appears): model/ is either absent or complete and loadable, and after {@code
     * --resume} it is complete, with no hidden temporary directory left.
     */
    @Test
    public void signalsWhileModelIsWrittenLeaveItWholeOrAbsent() throws Exception {
        for (boolean kill : new boolean[] {false, true}) {
            Path root = Files.createTempDirectory("model-signal");
            try {
                Path run = root.resolve("run");
                Path log = root.resolve("child.log");
                // Wide networks, so that model/ takes a while to write; few steps.
                Process child = ChildGan.start(List.of("train", "--out", run.toString(),
                        "--steps", "4", "--checkpoint-every", "4", "--batch-size", "16",
                        "--hidden-width", "2048", "--log-every", "2", "--sample-every", "0",
                        "--seed", "6", "--no-progress"), log);
                boolean caught = awaitModelWrite(run, child);
                if (!caught) {
                    child.destroyForcibly().waitFor();
                }
                assertTrue(caught, "the model write was not seen: " + Files.readString(log));
                if (kill) {
                    child.destroyForcibly();
                } else {
                    child.destroy(); // SIGTERM
                }
                assertTrue(child.waitFor(120, TimeUnit.SECONDS));
                Path model = run.resolve(RunDirectory.MODEL);
                if (Files.exists(model)) {
                    assertLoads(model);
                }
                if (!Files.exists(run.resolve(RunDirectory.SUMMARY))) {
                    CliResult resumed =
                            CliResult.run("train", "--resume", run.toString(), "--no-progress");
                    assertEquals(resumed.code(), 0, resumed.err());
                }
                assertLoads(model);
                assertNoHiddenLeftovers(run);
            } finally {
                TinyRuns.deleteTree(root);
            }
        }
    }

    /** Waits until model/'s temporary directory appears; false if the child ends first. */
    private static boolean awaitModelWrite(Path run, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.isDirectory(run) && !hidden(run, "." + RunDirectory.MODEL + ".").isEmpty()) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static void assertLoads(Path model) throws Exception {
        try (ZooModel<Long, float[]> loaded =
                        GeneratorModel.criteria(model, Long.class, float[].class)
                                .build()
                                .loadModel();
                Predictor<Long, float[]> predictor = loaded.newPredictor()) {
            assertEquals(predictor.predict(1L).length, 2);
        }
    }

    /** Every checkpoint directory verifies; returns the newest step. */
    private static long assertOnlyCompleteCheckpoints(Path run) throws IOException {
        Path checkpoints = run.resolve(RunDirectory.CHECKPOINTS);
        try (Stream<Path> entries = Files.list(checkpoints)) {
            for (Path entry : entries.toList()) {
                if (Files.isDirectory(entry) && !entry.getFileName().toString().startsWith(".")) {
                    Checkpoint.open(entry); // throws if a part is missing or damaged
                }
            }
        }
        Optional<Checkpoint> latest = new CheckpointStore(checkpoints, 2).latest();
        assertTrue(latest.isPresent(), "no complete checkpoint in " + checkpoints);
        return latest.get().step();
    }

    private static void assertNoHiddenLeftovers(Path directory) throws IOException {
        List<String> left = hidden(directory, ".");
        left.remove(RunDirectory.LOCK);
        assertEquals(left, List.of(), "left behind in " + directory + ": " + left);
    }

    private static List<String> hidden(Path directory, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return new ArrayList<>(entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .toList());
        } catch (java.nio.file.NoSuchFileException e) {
            return new ArrayList<>();
        }
    }

    /** Waits until a checkpoint newer than a step exists; false if the child exits first. */
    private static boolean awaitCheckpointAfter(Path run, long step, Process child)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Path checkpoints = run.resolve(RunDirectory.CHECKPOINTS);
        while (System.nanoTime() < deadline && child.isAlive()) {
            try {
                Optional<Checkpoint> latest = new CheckpointStore(checkpoints, 2).latest();
                if (latest.isPresent() && latest.get().step() > step) {
                    return true;
                }
            } catch (IOException e) {
                // Not created yet, or pruned while it was verified: look again.
            }
            Thread.sleep(20);
        }
        boolean running = child.isAlive();
        child.destroyForcibly().waitFor();
        assertFalse(running, "no checkpoint after step " + step + " within 180 s");
        return false;
    }
}
