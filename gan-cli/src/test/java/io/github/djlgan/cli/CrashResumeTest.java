package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointComparison;
import io.github.djlgan.djl.checkpoint.CheckpointStore;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stops {@code gan train} in a child process once with SIGINT, then kills it with SIGKILL at
 * random moments and resumes it each time, and checks that the finished run directory is complete,
 * uncorrupted and holds the parameters of a run that was never interrupted.
 */
public class CrashResumeTest {

    private static final int KILLS = 3;
    /**
     * Long enough that Ctrl-C, sent once the first checkpoint (step 100) is seen, arrives before the
     * run ends on a loaded machine too (at 1,200 steps a run under a load average of 5 finished in
     * 7 s, before the test's signal arrived).
     */
    private static final long STEPS = 3000;
    private static final String[] SETTINGS = {
        "--steps", String.valueOf(STEPS), "--batch-size", "64", "--hidden-width", "32",
        "--lr-schedule", "constant", "--log-every", "50", "--sample-every", "0",
        "--checkpoint-every", "100", "--seed", "21", "--no-progress"
    };

    @Test
    public void killedRunsResumeToTheParametersOfAnUninterruptedRun() throws Exception {
        Path root = Files.createTempDirectory("crash");
        Path run = root.resolve("run");
        SplittableRandom random = new SplittableRandom(4);
        List<String> first = new ArrayList<>(List.of("train", "--out", run.toString()));
        first.addAll(List.of(SETTINGS));
        List<String> again = List.of("train", "--resume", run.toString(), "--no-progress");

        // Ctrl-C first, after the first checkpoint, while most of the run is still ahead: the
        // child writes a checkpoint of the step it stopped at, then exits. (Sent late in the run,
        // the signal could arrive after the last step, and the JVM would exit with 130 from a
        // finished run.)
        Process interrupted = start(first, root.resolve("child-int.log"));
        assertTrue(awaitCheckpointAfter(run, -1, interrupted), "no first checkpoint");
        ChildGan.interrupt(interrupted);
        assertTrue(interrupted.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(root.resolve("child-int.log"), StandardCharsets.UTF_8);
        Matcher stopped = Pattern.compile("Stopped at step (\\d+)").matcher(err);
        assertEquals(interrupted.exitValue(), GanCli.STOPPED, err);
        assertTrue(stopped.find(), err);
        long stoppedAt = Long.parseLong(stopped.group(1));
        System.out.printf("crash test: SIGINT stopped at step %d with a checkpoint%n", stoppedAt);
        assertEquals(newestStep(run), stoppedAt);

        long lastStep = stoppedAt;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(again, root.resolve("child-" + kill + ".log"));
            // Kill at a random moment after the child has written a new checkpoint.
            if (!awaitCheckpointAfter(run, lastStep, child)) {
                break; // it finished before it could be killed
            }
            Thread.sleep(random.nextInt(1000));
            child.destroyForcibly().waitFor();
            long reached = newestStep(run);
            System.out.printf(
                    "crash test: SIGKILL %d, newest complete checkpoint step %d%n",
                    kill + 1, reached);
            assertTrue(reached > lastStep, "no progress after kill " + (kill + 1));
            lastStep = reached;
        }

        // A child may have finished the run before it could be stopped (a loaded machine is slow
        // to notice checkpoints); then there is nothing left to resume.
        if (!Files.exists(run.resolve("summary.json"))) {
            CliResult finished = CliResult.run(again.toArray(String[]::new));
            assertEquals(finished.code(), 0, finished.err());
        }
        assertComplete(run);

        Path straight = root.resolve("straight");
        List<String> uninterrupted = new ArrayList<>(List.of("train", "--out", straight.toString()));
        uninterrupted.addAll(List.of(SETTINGS));
        assertEquals(CliResult.run(uninterrupted.toArray(String[]::new)).code(), 0);
        double difference =
                CheckpointComparison.maxParameterDifference(
                        TrainingConfig.fromJson(Files.readString(straight.resolve("config.json"))),
                        straight,
                        run);
        System.out.printf("crash test: max |uninterrupted - resumed| = %.3g%n", difference);
        assertTrue(difference <= 1e-5, "parameters differ by " + difference);
        // The metrics of the interrupted run are those of the straight one, row for row, but for
        // the log interval that Ctrl-C split (its average covers only the steps after the stop).
        List<String> expected = withoutTime(straight.resolve("metrics.csv"));
        List<String> actual = withoutTime(run.resolve("metrics.csv"));
        assertEquals(actual.size(), expected.size());
        for (int row = 0; row < expected.size(); row++) {
            String step = expected.get(row).substring(0, expected.get(row).indexOf(','));
            assertTrue(actual.get(row).startsWith(step + ","), actual.get(row));
            boolean split = row > 0 && Long.parseLong(step) > stoppedAt
                    && Long.parseLong(step) - 50 < stoppedAt;
            if (!split) {
                assertEquals(actual.get(row), expected.get(row));
            }
        }
    }

    private static Process start(List<String> args, Path log) throws IOException {
        return ChildGan.start(args, log);
    }

    /** Waits until a checkpoint newer than a step exists; false if the child exits first. */
    private static boolean awaitCheckpointAfter(Path run, long step, Process child)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                return false;
            }
            if (newestStep(run) > step) {
                return true;
            }
            Thread.sleep(50);
        }
        child.destroyForcibly().waitFor();
        throw new AssertionError("no checkpoint after step " + step + " within 180 s");
    }

    private static long newestStep(Path run) throws IOException {
        Optional<Checkpoint> latest =
                new CheckpointStore(run.resolve("checkpoints"), 1).latest();
        return latest.map(Checkpoint::step).orElse(-1L);
    }

    private static void assertComplete(Path run) throws IOException {
        for (String file :
                List.of("config.json", "manifest.json", "metrics.csv", "summary.json",
                        "train.log", "checkpoints/latest")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), "missing " + file);
        }
        Path checkpoints = run.resolve("checkpoints");
        try (Stream<Path> entries = Files.list(checkpoints)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                assertFalse(name.startsWith("."), "left behind: " + name);
                if (Files.isDirectory(entry)) {
                    Checkpoint.open(entry); // every kept checkpoint verifies
                }
            }
        }
        assertEquals(newestStep(run), STEPS);
        assertEquals(
                Files.readString(checkpoints.resolve("latest")).strip(),
                CheckpointStore.name(STEPS));
    }

    private static List<String> withoutTime(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream()
                .map(row -> row.substring(0, row.lastIndexOf(',')))
                .toList();
    }
}
