package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.Test;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A resumed run passes the same pre-flight checks as a new one: an image folder that lost pictures
 * (now fewer than one batch) or gained a class since the run started is refused with one clear
 * message, and the run directory is left exactly as it was.
 */
public class ResumePreflightTest {

    private static final TrainingRun.Options OPTIONS = new TrainingRun.Options(false, false, null);
    private static final int BATCH = 4;

    /** A conditional paper-MLP run on a folder of two classes, 8 solid pictures each. */
    private static TrainingConfig config(Path pictures, long steps) {
        return TrainingConfig.builder()
                .optRuntime(b -> b.optEngine("PyTorch"))
                .optData(b -> b.optDataset("folder:" + pictures))
                .optModel(b -> b.optArchitecture(ArchitectureKind.PAPER_MLP))
                .optData(b -> b.optImageSize(8))
                .optData(b -> b.optChannels(1))
                .optModel(b -> b.optClasses(2))
                .optLoop(b -> b.optSteps(steps))
                .optData(b -> b.optBatchSize(BATCH))
                .optModel(b -> b.optHiddenWidth(8))
                .optModel(b -> b.optLatentDim(4))
                .optCadence(b -> b.optLogEvery(1))
                .optCadence(b -> b.optSampleEvery(0))
                .optCadence(b -> b.optCheckpointEvery(2))
                .optSeed(3)
                .build();
    }

    /** Trains 2 steps with a checkpoint, so that the run can be resumed. */
    private static Path trainedRun(Path root) throws IOException {
        Path pictures = root.resolve("pictures");
        for (int i = 0; i < 8; i++) {
            ImageFixtures.writePicture(
                    pictures.resolve("blues/b" + i + ".png"), 8, 8, ImageFixtures.BLUE, "png");
            ImageFixtures.writePicture(
                    pictures.resolve("reds/r" + i + ".png"), 8, 8, ImageFixtures.RED, "png");
        }
        Path run = root.resolve("run");
        TrainingRun.execute(config(pictures, 2), run, OPTIONS);
        return run;
    }

    @Test
    public void aResumeOnFewerPicturesThanOneBatchIsRefused() throws IOException {
        assertResumeRefused(
                pictures -> {
                    for (int i = 1; i < 8; i++) {
                        Files.delete(pictures.resolve("blues/b" + i + ".png"));
                        Files.delete(pictures.resolve("reds/r" + i + ".png"));
                    }
                },
                "fewer than one batch of " + BATCH);
    }

    @Test
    public void aResumeOnAFolderWithAnotherClassCountIsRefused() throws IOException {
        assertResumeRefused(
                pictures -> {
                    for (int i = 0; i < 8; i++) {
                        ImageFixtures.writePicture(
                                pictures.resolve("greens/g" + i + ".png"),
                                8,
                                8,
                                new Color(0, 200, 0),
                                "png");
                    }
                },
                "has 3 classes [blues, greens, reds], but the run is conditional on 2");
    }

    /**
     * DCGAN with 8 feature maps kills the JVM on MXNet (an engine quirk): a new run is refused
     * before anything is written, and a resume of a PyTorch run on MXNet is refused before its
     * config.json changes, so a later plain resume still works.
     */
    @Test
    public void aWidthThatCrashesTheEngineIsRefused() throws IOException {
        Path root = Files.createTempDirectory("crash-guard");
        try {
            Path pictures = root.resolve("pictures");
            for (int i = 0; i < 8; i++) {
                ImageFixtures.writePicture(
                        pictures.resolve("p" + i + ".png"), 28, 28, ImageFixtures.BLUE, "png");
            }
            java.util.function.Function<String, TrainingConfig> dcgan =
                    engine -> TrainingConfig.builder()
                            .optRuntime(r -> r.optEngine(engine))
                            .optData(d -> d.optDataset("folder:" + pictures).optImageSize(28)
                                    .optChannels(1).optBatchSize(BATCH))
                            .optModel(m -> m.optHiddenWidth(8).optLatentDim(4))
                            .optLoop(l -> l.optSteps(2))
                            .optCadence(c -> c.optSampleEvery(0).optCheckpointEvery(1))
                            .optSeed(3)
                            .build();
            Path fresh = root.resolve("fresh");
            InvalidInputException refused =
                    expectThrows(
                            InvalidInputException.class,
                            () -> TrainingRun.prepare(dcgan.apply("MXNet"), fresh, OPTIONS));
            assertTrue(refused.getMessage().contains("--hidden-width 8"), refused.getMessage());
            assertTrue(!Files.exists(fresh));

            Path run = root.resolve("run");
            TrainingConfig trained = dcgan.apply("PyTorch");
            TrainingRun.execute(trained, run, OPTIONS);
            String config = Files.readString(run.resolve("config.json"));
            TrainingConfig more =
                    trained.toBuilder()
                            .optRuntime(r -> r.optEngine("MXNet"))
                            .optLoop(l -> l.optSteps(4))
                            .build();
            expectThrows(InvalidInputException.class, () -> TrainingRun.resume(more, run, OPTIONS));
            assertEquals(Files.readString(run.resolve("config.json")), config);
        } finally {
            io.github.djlgan.djl.io.AtomicFiles.deleteTree(root);
        }
    }

    /** A run directory that another process writes is not resumed, and nothing in it changes. */
    @Test
    public void aRunInUseIsNotResumed() throws IOException {
        Path root = Files.createTempDirectory("in-use");
        try {
            Path run = trainedRun(root);
            try (io.github.djlgan.djl.io.RunLock held = io.github.djlgan.djl.io.RunLock.acquire(run)) {
                List<String> before = listing(run);
                InvalidInputException refused =
                        expectThrows(
                                InvalidInputException.class,
                                () -> TrainingRun.resume(
                                        config(root.resolve("pictures"), 4), run, OPTIONS));
                assertTrue(refused.getMessage().contains("is in use by process"),
                        refused.getMessage());
                assertEquals(listing(run), before);
            }
            // Released, the same resume goes on, on another engine: the manifest says so and
            // keeps what the run ran on before.
            TrainingConfig onMxnet =
                    config(root.resolve("pictures"), 4).toBuilder()
                            .optRuntime(r -> r.optEngine("MXNet"))
                            .build();
            TrainingRun.resume(onMxnet, run, OPTIONS).train();
            com.google.gson.JsonObject manifest =
                    com.google.gson.JsonParser.parseString(
                                    Files.readString(run.resolve("manifest.json")))
                            .getAsJsonObject();
            assertEquals(manifest.get("engine").getAsString(), "MXNet");
            com.google.gson.JsonObject earlier =
                    manifest.getAsJsonArray("history").get(0).getAsJsonObject();
            assertEquals(earlier.get("engine").getAsString(), "PyTorch");
            assertEquals(earlier.get("leftAtStep").getAsLong(), 2L);
        } finally {
            io.github.djlgan.djl.io.AtomicFiles.deleteTree(root);
        }
    }

    /**
     * Counters in trainer.json and run.json edited by hand, with the checkpoint's checksum
     * recomputed so that it still verifies: a step that is not the manifest's, a count of batches
     * to skip that would hang the resume, a rollback count given twice (which a lenient reader
     * takes from its last copy), after a comment, or negative, is refused with one line before
     * anything in the run directory changes.
     */
    @Test
    public void editedCountersAreRefused() throws Exception {
        for (String[] edit : new String[][] {
            {"\"step\":2", "\"step\":99999", "says step 99999", "trainer.json"},
            {"\"realBatches\":", "\"realBatches\":1000000000000000", "outside [0, ",
                "trainer.json"},
            {"{\"rollbacks\":", "{\"rollbacks\":0,\"rollbacks\":",
                "gives the key 'rollbacks' twice",
                "run.json"},
            {"{\"rollbacks\":", "/* none */ {\"rollbacks\":", "is not valid JSON", "run.json"},
            {"{\"rollbacks\":", "{\"rollbacks\":-1", "rollbacks must be a whole number",
                "run.json"},
        }) {
            Path root = Files.createTempDirectory("counters");
            try {
                Path run = trainedRun(root);
                Path checkpoint = run.resolve("checkpoints").resolve("step-00000002");
                Path counters = checkpoint.resolve(edit[3]);
                String before = Files.readString(counters);
                String after = before.replaceFirst(
                        java.util.regex.Pattern.quote(edit[0])
                                + (edit[0].endsWith(":") && !edit[1].endsWith(":") ? "\\d+" : ""),
                        java.util.regex.Matcher.quoteReplacement(edit[1]));
                assertTrue(!after.equals(before), before);
                Files.writeString(counters, after);
                Path manifest = checkpoint.resolve("checkpoint.json");
                Files.writeString(manifest, Files.readString(manifest).replace(
                        sha256(before.getBytes()), sha256(after.getBytes())));
                List<String> files = listing(run);
                InvalidInputException refused =
                        expectThrows(
                                InvalidInputException.class,
                                () -> TrainingRun.resume(
                                        config(root.resolve("pictures"), 4), run, OPTIONS));
                assertTrue(refused.getMessage().contains(edit[2]), refused.getMessage());
                assertEquals(listing(run), files, "refused before anything changed");
            } finally {
                io.github.djlgan.djl.io.AtomicFiles.deleteTree(root);
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What changes the pictures between the run and its resume. */
    private interface Change {
        void apply(Path pictures) throws IOException;
    }

    /**
     * Trains a run, changes its pictures, then checks that resuming for 2 more steps is refused
     * with a message containing {@code expected} and that the run directory is left exactly as it
     * was.
     */
    private static void assertResumeRefused(Change change, String expected) throws IOException {
        Path root = Files.createTempDirectory("resume-preflight");
        Path run = trainedRun(root);
        Path pictures = root.resolve("pictures");
        List<String> before = listing(run);
        String config = Files.readString(run.resolve("config.json"));
        change.apply(pictures);
        InvalidInputException refused =
                expectThrows(
                        InvalidInputException.class,
                        () -> TrainingRun.resume(config(pictures, 4), run, OPTIONS));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertEquals(listing(run), before);
        assertEquals(Files.readString(run.resolve("config.json")), config);
    }

    /** Every file of a run directory with its size and modification time, sorted. */
    private static List<String> listing(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> run.relativize(file) + " " + file.toFile().length() + " "
                            + file.toFile().lastModified())
                    .sorted()
                    .toList();
        }
    }
}
