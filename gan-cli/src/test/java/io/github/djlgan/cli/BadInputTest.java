package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every kind of bad input the reliability issue lists: each gets one clear message, exit code 2,
 * no stack trace, and leaves every file that existed before as it was. (Flags with impossible
 * values, unknown engines and datasets, {@code --device gpu} and an occupied output directory are
 * covered in {@link TrainCommandTest}.)
 */
public class BadInputTest {

    private static final String[] SMALL = {
        "--steps", "20", "--batch-size", "32", "--hidden-width", "16", "--log-every", "5",
        "--sample-every", "0", "--checkpoint-every", "10", "--seed", "5", "--no-progress"
    };

    /** A case: files to set up in a fresh folder, then the arguments to run there. */
    private record Case(String name, Setup setup, Function<Path, String[]> args, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface Setup {
        void prepare(Path root) throws IOException;
    }

    private static String[] train(Path root, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", root.resolve("run").toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] images(Path root) {
        return train(root, "--dataset", "fashion-mnist", "--data-dir", root.resolve("data").toString());
    }

    private static String[] config(Path root) {
        return new String[] {
            "train", "--config", root.resolve("config.json").toString(), "--out",
            root.resolve("run").toString()
        };
    }

    private static Setup configFile(String json) {
        return root -> Files.writeString(root.resolve("config.json"), json);
    }

    private static Setup collection() {
        return root -> ImageFixtures.writeCollection(Files.createDirectories(root.resolve("data")), 64, 16, 1);
    }

    private static Setup collectionThen(Setup change) {
        return root -> {
            collection().prepare(root);
            change.prepare(root.resolve("data"));
        };
    }

    /** A finished small run in root/run, then a change to it. */
    private static Setup runThen(Setup change) {
        return root -> {
            CliResult made = CliResult.run(train(root));
            assertEquals(made.code(), 0, made.err());
            change.prepare(root.resolve("run"));
        };
    }

    private static String[] resume(Path root, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--resume", root.resolve("run").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Writes a gzipped IDX header of 64 28x28 images with a given magic number, and zeros. */
    private static void writeWithMagic(Path file, int magic) throws IOException {
        try (java.io.DataOutputStream out =
                new java.io.DataOutputStream(
                        new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(magic);
            out.writeInt(64);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[64 * 28 * 28]);
        }
    }

    private static void corrupt(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
    }

    @DataProvider
    public Object[][] cases() {
        List<Case> cases =
                List.of(
                        new Case("missing dataset directory", root -> {},
                                root -> images(root), "No fashion-mnist files"),
                        new Case("truncated gzip",
                                collectionThen(data -> {
                                    Path file = data.resolve("train-images-idx3-ubyte.gz");
                                    byte[] bytes = Files.readAllBytes(file);
                                    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                                }),
                                root -> images(root), "is truncated"),
                        new Case("IDX with a wrong magic number",
                                collectionThen(data -> writeWithMagic(
                                        data.resolve("train-images-idx3-ubyte.gz"), 0x00000D03)),
                                root -> images(root), "is not an IDX file of unsigned bytes"),
                        new Case("images and labels of different counts",
                                collectionThen(data -> new IdxFile(new int[] {63}, new byte[63])
                                        .write(data.resolve("train-labels-idx1-ubyte.gz"))),
                                root -> images(root), "images but the label file"),
                        new Case("config that is not JSON", configFile("steps: 10"), BadInputTest::config,
                                "config is not valid JSON"),
                        new Case("config with an unknown key", configFile("{\"stpes\": 10}"),
                                BadInputTest::config, "Unknown config key 'stpes'"),
                        new Case("config with a wrong type", configFile("{\"batchSize\": \"big\"}"),
                                BadInputTest::config, "'batchSize' must be an integer, got \"big\""),
                        new Case("config with batch 0", configFile("{\"batchSize\": 0}"),
                                BadInputTest::config, "batchSize must be at least 1, got 0"),
                        new Case("config with a negative learning rate",
                                configFile("{\"generatorOptimizer\": {\"learningRate\": -0.1}}"),
                                BadInputTest::config, "learningRate must be a positive number"),
                        new Case("config with latent size 0", configFile("{\"latentDim\": 0}"),
                                BadInputTest::config, "latentDim must be at least 1, got 0"),
                        new Case("config with k = 0", configFile("{\"discriminatorSteps\": 0}"),
                                BadInputTest::config, "discriminatorSteps must be at least 1, got 0"),
                        new Case("config with an unknown divergence action",
                                configFile("{\"onDivergence\": \"ignore\"}"), BadInputTest::config,
                                "Unknown divergence action 'ignore'"),
                        new Case("unknown architecture", root -> {},
                                root -> train(root, "--arch", "resnet"), "Unknown architecture 'resnet'"),
                        new Case("output under a regular file",
                                root -> Files.writeString(root.resolve("file"), "x"),
                                root -> new String[] {"train", "--out", root.resolve("file/run").toString()},
                                "Cannot create output directory"),
                        new Case("output that is a file",
                                root -> Files.writeString(root.resolve("run"), "x"),
                                root -> train(root), "exists and is not a directory"),
                        new Case("output holding a different run", runThen(run -> {}),
                                root -> train(root, "--k", "2"), "already holds files"),
                        new Case("resume of a folder that is not a run", root -> Files.createDirectories(root.resolve("run")),
                                root -> resume(root, "--steps", "40"), "is not a run directory"),
                        new Case("resume of a run without checkpoints",
                                root -> Files.writeString(Files.createDirectories(root.resolve("run")).resolve("config.json"), "{}"),
                                root -> resume(root, "--steps", "40"), "no complete, undamaged checkpoint"),
                        new Case("resume with every checkpoint damaged",
                                runThen(run -> {
                                    corrupt(run.resolve("checkpoints/step-00000010/discriminator.optimizer"));
                                    corrupt(run.resolve("checkpoints/step-00000020/generator.params"));
                                }),
                                root -> resume(root, "--steps", "40"), "no complete, undamaged checkpoint"),
                        new Case("resume of a checkpoint of other networks",
                                runThen(run -> Files.writeString(run.resolve("config.json"),
                                        Files.readString(run.resolve("config.json"))
                                                .replace("\"hiddenWidth\": 16", "\"hiddenWidth\": 24"))),
                                root -> resume(root, "--steps", "40"), "does not hold this generator's parameters"),
                        new Case("resume of a checkpoint of another architecture",
                                runThen(run -> {
                                    Path manifest = run.resolve("checkpoints/step-00000020/checkpoint.json");
                                    Files.writeString(manifest, Files.readString(manifest)
                                            .replace("\"architecture\":\"mlp\"", "\"architecture\":\"dcgan\""));
                                }),
                                root -> resume(root, "--steps", "40"), "holds dcgan networks, the config says mlp"),
                        new Case("resume of a complete run", runThen(run -> {}),
                                root -> resume(root), "is complete at step 20"),
                        new Case("resume with a changed setting", runThen(run -> {}),
                                root -> resume(root, "--steps", "40", "--lr-g", "0.1"),
                                "--resume goes on with the run's own settings"),
                        new Case("resume on a GPU that is absent", runThen(run -> {}),
                                root -> resume(root, "--steps", "40", "--device", "gpu"),
                                "engine sees no GPU"));
        return cases.stream().map(c -> new Object[] {c}).toArray(Object[][]::new);
    }

    @Test(dataProvider = "cases")
    public void badInputGetsOneMessageExitTwoAndChangesNothing(Case bad) throws IOException {
        Path root = Files.createTempDirectory("bad-input");
        bad.setup().prepare(root);
        Map<String, String> before = snapshot(root);
        CliResult result = CliResult.run(bad.args().apply(root));
        System.out.printf("bad input | %s | %s%n", bad.name(), result.err().strip());
        assertEquals(result.code(), 2, bad.name() + ": " + result.err());
        assertTrue(result.err().contains(bad.message()), bad.name() + ": " + result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        assertEquals(result.err().strip().lines().count(), 1L, "one message: " + result.err());
        assertEquals(snapshot(root), before, bad.name() + " changed files");
    }

    /** Every file under a folder, by relative path, with a hash of its content. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String name = root.relativize(path).toString();
                files.put(name, Files.isRegularFile(path) ? sha256(Files.readAllBytes(path)) : "dir");
            }
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
