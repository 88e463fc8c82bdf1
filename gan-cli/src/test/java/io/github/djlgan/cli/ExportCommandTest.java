package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.export.OnnxGeneratorModel;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.train.GeneratorEma;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code gan export} and {@code gan sample --engine onnxruntime} on small runs of both training
 * engines: the exported generator (the weight average of an --ema run) samples what the training
 * engine samples from the same checkpoint and seed; bad input ends in one line, exit 2, and
 * nothing written.
 */
public class ExportCommandTest {

    private Path root;
    private Path ringRun;

    @BeforeClass
    public void trainRing() throws IOException {
        root = Files.createTempDirectory("cli-export");
        ringRun = root.resolve("ring");
        CliResult trained =
                CliResult.run(
                        "train", "--engine", "pytorch", "--steps", "30", "--batch-size", "32",
                        "--hidden-width", "16", "--latent-dim", "4", "--ema", "0.9", "--seed", "3",
                        "--no-progress", "--out", ringRun.toString());
        assertEquals(trained.code(), 0, trained.err());
    }

    @AfterClass(alwaysRun = true)
    public void clean() throws IOException {
        TinyRuns.deleteTree(root);
    }

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"pytorch"}, {"mxnet"}};
    }

    /** An --ema ring run: OnnxRuntime draws the points that the engine draws, from the average. */
    @Test(dataProvider = "engines")
    public void exportedEmaGeneratorSamplesWhatTheEngineSamples(String engine) throws IOException {
        Path checkpoint = latestCheckpoint(ringRun);
        assertTrue(Files.isRegularFile(checkpoint.resolve(GeneratorEma.FILE)));
        CliResult exported =
                CliResult.run("export", "--run", ringRun.toString(), "--engine", engine);
        assertEquals(exported.code(), 0, exported.err());
        assertTrue(OnnxGeneratorModel.isExport(ringRun.resolve(ExportCommand.DEFAULT_DIRECTORY)));

        Path onnx = root.resolve("onnx-" + engine + ".csv");
        Path djl = root.resolve("djl-" + engine + ".csv");
        CliResult fromOnnx =
                CliResult.run("sample", "--run", ringRun.toString(), "--engine", "onnxruntime",
                        "--count", "100", "--out", onnx.toString());
        assertEquals(fromOnnx.code(), 0, fromOnnx.err());
        CliResult fromEngine =
                CliResult.run("sample", "--run", ringRun.toString(), "--engine", engine,
                        "--count", "100", "--out", djl.toString());
        assertEquals(fromEngine.code(), 0, fromEngine.err());
        List<String> a = Files.readAllLines(onnx);
        List<String> b = Files.readAllLines(djl);
        assertEquals(a.size(), 101);
        assertEquals(a.get(0), b.get(0));
        for (int row = 1; row < a.size(); row++) {
            String[] x = a.get(row).split(",");
            String[] y = b.get(row).split(",");
            for (int j = 0; j < x.length; j++) {
                assertEquals(Double.parseDouble(x[j]), Double.parseDouble(y[j]), 1e-4,
                        "row " + row);
            }
        }
    }

    /** A conditional DCGAN: class 3's images agree to one grey level, and a file export works. */
    @Test
    public void conditionalDcganExportsAndSamplesAClass() throws IOException {
        Path run = TinyRuns.conditionalDcgan(root, 2);
        assertEquals(CliResult.run("export", "--run", run.toString()).code(), 0);
        Path file = root.resolve("generator.onnx");
        CliResult single =
                CliResult.run("export", "--run", run.toString(), "--out", file.toString());
        assertEquals(single.code(), 0, single.err());
        assertEquals(
                Files.size(file),
                Files.size(run.resolve(ExportCommand.DEFAULT_DIRECTORY).resolve(OnnxGeneratorModel.FILE)));

        Path onnx = root.resolve("onnx-idx3-ubyte");
        Path djl = root.resolve("djl-idx3-ubyte");
        for (String[] engine : new String[][] {{"onnxruntime", onnx.toString()},
                {"mxnet", djl.toString()}}) {
            CliResult sampled =
                    CliResult.run("sample", "--run", run.toString(), "--engine", engine[0],
                            "--label", "3", "--count", "8", "--format", "idx", "--out", engine[1]);
            assertEquals(sampled.code(), 0, sampled.err());
        }
        byte[] a = IdxFile.read(onnx).data();
        byte[] b = IdxFile.read(djl).data();
        assertEquals(a.length, 8 * 28 * 28);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs((a[i] & 0xff) - (b[i] & 0xff)) <= 1, "pixel " + i);
        }
    }

    @Test
    public void badInputEndsInOneLineAndWritesNothing() throws IOException {
        Path bad = Files.createDirectories(root.resolve("bad"));
        Path out = bad.resolve("model");

        assertRefused("Unknown export format 'tflite'", bad,
                "export", "--run", ringRun.toString(), "--format", "tflite", "--out", out.toString());

        Path blocker = Files.writeString(bad.resolve("a-file"), "not a directory");
        assertRefused("Cannot write", bad,
                "export", "--run", ringRun.toString(), "--out", blocker.resolve("model").toString());

        Path notExport = Files.createDirectories(bad.resolve("thesis"));
        Files.writeString(notExport.resolve("thesis.tex"), "keep me");
        assertRefused("is not an ONNX generator export", bad,
                "export", "--run", ringRun.toString(), "--out", notExport.toString());
        assertTrue(Files.isRegularFile(notExport.resolve("thesis.tex")));

        Path empty = copyRun(bad.resolve("no-checkpoint"));
        TinyRuns.deleteTree(empty.resolve(RunDirectory.CHECKPOINTS));
        Files.createDirectories(empty.resolve(RunDirectory.CHECKPOINTS));
        TinyRuns.deleteTree(empty.resolve(ExportCommand.DEFAULT_DIRECTORY));
        assertRefused("holds no complete checkpoint", bad,
                "export", "--run", empty.toString(), "--out", out.toString());

        Path damaged = copyRun(bad.resolve("damaged"));
        Path checkpoint = latestCheckpoint(damaged);
        Path params = checkpoint.resolve("generator.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(params, bytes);
        assertRefused("does not match its SHA-256 checksum", bad,
                "export", "--run", damaged.toString(), "--checkpoint",
                checkpoint.getFileName().toString(), "--out", out.toString());

        assertRefused("holds none; run gan export", bad,
                "sample", "--run", empty.toString(), "--engine", "onnxruntime",
                "--out", bad.resolve("points.csv").toString());
    }

    /** Exit 2, one line naming the fault, and no new file or hidden temporary in the folder. */
    private static void assertRefused(String reason, Path folder, String... args)
            throws IOException {
        List<String> before = names(folder);
        CliResult result = CliResult.run(args);
        assertEquals(result.code(), 2, result.err());
        assertEquals(result.err().strip().lines().count(), 1L, result.err());
        assertTrue(result.err().contains(reason), result.err());
        assertEquals(names(folder), before, "files left behind");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private Path copyRun(Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(ringRun)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(ringRun.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }

    private static Path latestCheckpoint(Path run) throws IOException {
        return new CheckpointStore(run.resolve(RunDirectory.CHECKPOINTS), 1)
                .find(CheckpointStore.LATEST)
                .directory();
    }
}
