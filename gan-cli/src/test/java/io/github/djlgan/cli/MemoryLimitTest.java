package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A batch too large for memory, in a child {@code gan train} under a 16 GB address-space limit
 * ({@code ulimit -v}), on each engine: the engine's allocation fails (PyTorch's
 * DefaultCPUAllocator, MXNet's tensor-size limit), and the user gets exit code 2 and one line
 * naming the batch size asked for, never an internal error. A new run that fails so leaves no run
 * directory behind; a resumed run that fails so keeps everything, and its train.log ends with the
 * same line.
 */
public class MemoryLimitTest {

    /** The address-space limit, in KiB, as the report: 16 GB. */
    private static final long LIMIT_KIB = 16_000_000;

    /** 50 million rows of ring8: 25.6 GB for one hidden layer's activations (width 128). */
    private static final String HUGE_BATCH = "50000000";

    private static final String LINE =
            "gan: batch size " + HUGE_BATCH + " with hidden width 128 is too large for memory (";

    @DataProvider(name = "engines")
    public Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    @Test(dataProvider = "engines")
    public void aNewRunTooLargeForMemoryLeavesNothingBehind(String engine) throws Exception {
        Path root = Files.createTempDirectory("memory-new");
        try {
            Path run = root.resolve("run");
            Child child = limited(root, List.of(
                    "train", "--engine", engine, "--batch-size", HUGE_BATCH, "--steps", "10", "--seed", "5", "--no-progress",
                    "--out", run.toString()));
            assertEquals(child.code(), GanCli.BAD_INPUT, child.output());
            assertEquals(child.lines().size(), 1, child.output());
            assertTrue(child.lines().get(0).startsWith(LINE), child.output());
            assertTrue(child.lines().get(0).endsWith("lower --batch-size or --hidden-width"));
            assertFalse(Files.exists(run), "a failed new run left " + run);

            // An empty folder given as --out stays, empty.
            Path empty = Files.createDirectory(root.resolve("empty"));
            List<String> again = new ArrayList<>(child.args());
            again.set(again.indexOf(run.toString()), empty.toString());
            Child second = limited(root, again);
            assertEquals(second.code(), GanCli.BAD_INPUT, second.output());
            try (Stream<Path> left = Files.list(empty)) {
                assertEquals(left.map(Path::toString).toList(), List.of());
            }
        } finally {
            TinyRuns.deleteTree(root);
        }
    }

    @Test(dataProvider = "engines")
    public void aResumeTooLargeForMemoryKeepsTheRun(String engine) throws Exception {
        Path root = Files.createTempDirectory("memory-resume");
        try {
            Path run = root.resolve("run");
            CliResult trained = CliResult.run(
                    "train", "--engine", engine, "--steps", "100",
                    "--checkpoint-every", "50", "--sample-every", "0", "--seed", "5",
                    "--no-progress", "--out", run.toString());
            assertEquals(trained.code(), 0, trained.err());
            // The run's config edited by hand to a batch that cannot fit.
            Path config = run.resolve("config.json");
            String edited = Files.readString(config).replaceFirst(
                    "\"batchSize\": \\d+", "\"batchSize\": " + HUGE_BATCH);
            assertTrue(edited.contains(HUGE_BATCH));
            Files.writeString(config, edited);
            Listing before = Listing.of(run);

            Child child = limited(root, List.of(
                    "train", "--resume", run.toString(), "--steps", "200", "--no-progress"));
            assertEquals(child.code(), GanCli.BAD_INPUT, child.output());
            assertEquals(child.lines().size(), 1, child.output());
            String line = child.lines().get(0);
            assertTrue(line.startsWith(LINE), child.output());
            // Everything is still there, but summary.json: a run trained further has none until
            // it finishes again.
            List<String> after = Listing.of(run).listing();
            assertEquals(after,
                    before.listing().stream().filter(name -> !name.equals("summary.json")).toList(),
                    "the failed resume changed files: " + after);
            List<String> log = Files.readAllLines(run.resolve("train.log"));
            assertTrue(log.get(log.size() - 1).endsWith(line.substring("gan: ".length())),
                    log.get(log.size() - 1));
        } finally {
            TinyRuns.deleteTree(root);
        }
    }

    /** The names of a run's files and folders, but for its log, which the resume appends to. */
    private record Listing(List<String> listing) {
        static Listing of(Path run) throws java.io.IOException {
            try (Stream<Path> paths = Files.walk(run)) {
                return new Listing(paths.map(path -> run.relativize(path).toString())
                        .filter(name -> !name.equals("train.log") && !name.equals(".lock"))
                        .sorted()
                        .collect(Collectors.toList()));
            }
        }
    }

    private record Child(List<String> args, int code, String output) {
        /**
         * The lines the toolkit wrote: PyTorch's native library may write warnings of its own to
         * the same standard error (a deprecation notice when parameters are loaded), which are
         * left out; a stack trace is not.
         */
        List<String> lines() {
            return output.strip().lines()
                    .filter(line -> !line.matches("\\[W\\d{4} [^\\]]*\\] Warning: .*"))
                    .toList();
        }
    }

    /** Runs {@code gan} in a child JVM under the address-space limit. */
    private static Child limited(Path root, List<String> args) throws Exception {
        StringBuilder shell = new StringBuilder("ulimit -v " + LIMIT_KIB + " && exec");
        for (String word : ChildGan.command(args)) {
            shell.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Path log = Files.createTempFile(root, "child", ".log");
        Process process = new ProcessBuilder("bash", "-c", shell.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child did not end in 120 s");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Child(args, process.exitValue(), output);
    }
}
