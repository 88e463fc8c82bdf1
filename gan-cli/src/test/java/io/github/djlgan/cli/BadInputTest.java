package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.AfterClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Every kind of bad input the reliability issue lists: each gets one clear message, exit code 2,
 * no stack trace, and leaves every file and folder that existed before as it was (content, size
 * and modification time). (Flags with impossible
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
        List<Case> all = new ArrayList<>(cases);
        for (String engine : List.of("pytorch", "mxnet")) {
            all.addAll(damagedCheckpointParts(engine));
        }
        return all.stream().map(c -> new Object[] {c}).toArray(Object[][]::new);
    }

    /**
     * Resumes of a checkpoint whose optimizer state (or G's average) is damaged, its SHA-256 in
     * checkpoint.json recomputed so that the checkpoint verifies: each is refused with one line
     * naming the file before the run directory changes.
     */
    private static List<Case> damagedCheckpointParts(String engine) {
        String state = "generator.optimizer: the optimizer state ";
        List<Case> cases = new ArrayList<>();
        cases.add(damagedPart(engine, "generator.optimizer", "truncated to half",
                bytes -> Arrays.copyOf(bytes, bytes.length / 2), state + "is truncated"));
        cases.add(damagedPart(engine, "discriminator.optimizer", "cut by 4 bytes",
                bytes -> Arrays.copyOf(bytes, bytes.length - 4),
                "discriminator.optimizer: the optimizer state is truncated"));
        cases.add(damagedPart(engine, "generator.optimizer", "with 16 bytes appended",
                bytes -> Arrays.copyOf(bytes, bytes.length + 16),
                state + "goes on after its last parameter's state"));
        cases.add(damagedPart(engine, "generator.optimizer", "of another kind",
                bytes -> replace(bytes, "adam", "xdam"), state + "is xdam's, not adam's"));
        cases.add(damagedPart(engine, "generator.optimizer", "with a learning-rate factor NaN",
                bytes -> putInt(bytes, AdamLayout.FACTOR, Float.floatToIntBits(Float.NaN)),
                "generator.optimizer: the optimizer state's learning-rate factor is NaN"));
        cases.add(damagedPart(engine, "generator.optimizer", "declaring 2^31-1 parameters",
                bytes -> putInt(bytes, AdamLayout.COUNT, Integer.MAX_VALUE),
                state + "has 2147483647 parameters"));
        cases.add(damagedPart(engine, "generator.optimizer", "declaring -1 parameters",
                bytes -> putInt(bytes, AdamLayout.COUNT, -1), state + "has -1 parameters"));
        cases.add(damagedPart(engine, "generator.optimizer", "with a flipped name byte",
                bytes -> flip(bytes, AdamLayout.FIRST_NAME + 2), state + "holds parameter '"));
        cases.add(damagedPart(engine, "generator.optimizer", "with a flipped array flag",
                bytes -> putByte(bytes, AdamLayout.flag(bytes), 7),
                state + "has byte 7 where 0 or 1"));
        cases.add(damagedPart(engine, "generator.optimizer", "declaring an array of 2^31-1 bytes",
                bytes -> putInt(bytes, AdamLayout.flag(bytes) + 1, Integer.MAX_VALUE),
                state + "declares 2147483647 bytes for the mean array of '"));
        cases.add(damagedPart(engine, "generator.optimizer", "declaring an array of -8 bytes",
                bytes -> putInt(bytes, AdamLayout.flag(bytes) + 1, -8),
                state + "declares -8 bytes for the mean array of '"));
        String header = "generator.optimizer: in the optimizer state, the mean array of '";
        cases.add(damagedPart(engine, "generator.optimizer", "holding a FLOAT16 array",
                bytes -> replace(bytes, "FLOAT32", "FLOAT16"), header));
        cases.add(damagedPart(engine, "generator.optimizer", "holding an array of 2^40 rows",
                bytes -> putLong(bytes, AdamLayout.firstDimension(bytes), 1L << 40), header));
        cases.add(damagedPart(engine, "generator.optimizer", "holding an array of -3 rows",
                bytes -> putLong(bytes, AdamLayout.firstDimension(bytes), -3), header));
        cases.add(damagedPart(engine, "generator-ema.params", "truncated to half",
                bytes -> Arrays.copyOf(bytes, bytes.length / 2),
                "generator-ema.params: it does not hold this generator's parameters (it is"
                        + " truncated"));
        return cases;
    }

    /**
     * Where things are in the Adam state of StatefulOptimizer.saveState: the header string (2 + 23
     * bytes), the format (4), the kind "adam" (2 + 4), t (4), the factor (4), the parameter count
     * (4), then per parameter its name, its update count (4), and per array a flag (1), a length
     * (4) and DJL's encoding of the array (name flag, sparse format, data type, shape, values).
     */
    private static final class AdamLayout {
        static final int FACTOR = 39;
        static final int COUNT = 43;
        static final int FIRST_NAME = 47;

        /** The flag of the first parameter's first array. */
        static int flag(byte[] state) {
            int name = Short.toUnsignedInt(ByteBuffer.wrap(state).getShort(FIRST_NAME));
            return FIRST_NAME + 2 + name + 4;
        }

        /** The first dimension of the first array's shape: after its data type and rank. */
        static int firstDimension(byte[] state) {
            return indexOf(state, "FLOAT32", flag(state)) + "FLOAT32".length() + 4;
        }
    }

    /** A copy of the engine's trained run with one checkpoint part of step 20 damaged. */
    private static Case damagedPart(
            String engine, String part, String damage, UnaryOperator<byte[]> change,
            String message) {
        return new Case(
                part + " " + damage + ", SHA-256 recomputed (" + engine + ")",
                root -> {
                    copyTree(trainedRun(engine), root.resolve("run"));
                    Path checkpoint = root.resolve("run/checkpoints/step-00000020");
                    byte[] before = Files.readAllBytes(checkpoint.resolve(part));
                    byte[] after = change.apply(before.clone());
                    Files.write(checkpoint.resolve(part), after);
                    Path manifest = checkpoint.resolve("checkpoint.json");
                    String text = Files.readString(manifest);
                    assertTrue(text.contains(sha256(before)), text);
                    Files.writeString(manifest, text.replace(sha256(before), sha256(after)));
                },
                root -> resume(root, "--steps", "40"),
                message);
    }

    /** Small runs with G's average and checkpoints at steps 10 and 20, one per engine. */
    private static final Map<String, Path> TRAINED = new HashMap<>();

    private static synchronized Path trainedRun(String engine) throws IOException {
        Path run = TRAINED.get(engine);
        if (run == null) {
            Path root = Files.createTempDirectory("trained-" + engine);
            CliResult made = CliResult.run(train(root, "--engine", engine, "--ema", "0.9"));
            assertEquals(made.code(), 0, made.err());
            run = root.resolve("run");
            TRAINED.put(engine, run);
        }
        return run;
    }

    @AfterClass(alwaysRun = true)
    public static synchronized void deleteTrainedRuns() throws IOException {
        for (Path run : TRAINED.values()) {
            TinyRuns.deleteTree(run.getParent());
        }
        TRAINED.clear();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    private static int indexOf(byte[] bytes, String text, int from) {
        byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = from; i + wanted.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        throw new AssertionError(text + " not found");
    }

    private static byte[] replace(byte[] bytes, String text, String replacement) {
        byte[] with = replacement.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(with, 0, bytes, indexOf(bytes, text, 0), with.length);
        return bytes;
    }

    private static byte[] flip(byte[] bytes, int at) {
        bytes[at] ^= 0x01;
        return bytes;
    }

    private static byte[] putByte(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        return bytes;
    }

    private static byte[] putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).putInt(at, value);
        return bytes;
    }

    private static byte[] putLong(byte[] bytes, int at, long value) {
        ByteBuffer.wrap(bytes).putLong(at, value);
        return bytes;
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

    /**
     * Every file and folder under a folder, by relative path, with its modification time, and for
     * a file its size and a hash of its content.
     */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String name = root.relativize(path).toString();
                String modified = Files.getLastModifiedTime(path).toString();
                files.put(name, Files.isRegularFile(path)
                        ? Files.size(path) + " " + modified + " " + sha256(Files.readAllBytes(path))
                        : "dir " + modified);
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
