package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --label} takes a class name or a label number, on each engine and on the ONNX export,
 * for a conditional run on a folder whose class {@code bees} has no readable picture: by name and
 * by number the same bytes; a dropped class, an unknown name or a number out of range is one line
 * listing the classes, exit 2.
 */
public class ClassNamesCommandTest {

    private static final String CLASSES = "the classes are 0 \"ants\", 1 \"cats\"";

    private Path root;
    private Path pictures;

    @BeforeClass
    public void writeFolder() throws IOException {
        root = Files.createTempDirectory("cli-class-names");
        pictures = ImageFixtures.writeClassesWithAnEmptyOne(root.resolve("pictures"));
    }

    @AfterClass(alwaysRun = true)
    public void deleteFolder() throws IOException {
        TinyRuns.deleteTree(root);
    }

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"pytorch"}, {"mxnet"}};
    }

    @Test(dataProvider = "engines")
    public void aClassIsAskedForByNameOrNumber(String engine) throws IOException {
        Path run = root.resolve("run-" + engine);
        CliResult trained = CliResult.run(
                "train", "--engine", engine, "--dataset", "folder:" + pictures, "--conditional",
                "--arch", "paper-mlp", "--image-size", "8", "--channels", "1", "--steps", "2",
                "--batch-size", "4", "--hidden-width", "10", "--latent-dim", "4", "--seed", "5",
                "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        TrainingConfig config =
                TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
        assertEquals(config.model().classNames(), List.of("ants", "cats"));
        assertEquals(Files.readAllLines(run.resolve("model/synset.txt")),
                List.of("ants", "cats"));

        byte[] cats = sample(run, null, "1");
        assertEquals(sample(run, null, "cats"), cats);
        assertEquals(sample(run, null, "Ants"), sample(run, null, "0"));
        for (String refused : List.of("bees", "2", "dogs")) {
            assertRefused(run, null, refused, CLASSES);
        }
        assertEquals(CliResult.run("interpolate", "--run", run.toString(), "--rows", "1",
                "--label", "cats", "--out", root.resolve(engine + "-cats.png").toString())
                .code(), 0);
        CliResult interpolateBees = CliResult.run("interpolate", "--run", run.toString(),
                "--label", "bees", "--out", root.resolve(engine + "-bees.png").toString());
        assertEquals(interpolateBees.code(), 2, interpolateBees.err());
        assertTrue(interpolateBees.err().contains("--label \"bees\" is not a class; " + CLASSES),
                interpolateBees.err());

        CliResult exported = CliResult.run("export", "--run", run.toString());
        assertEquals(exported.code(), 0, exported.err());
        assertEquals(Files.readAllLines(run.resolve("onnx/synset.txt")), List.of("ants", "cats"));
        assertEquals(sample(run, "onnxruntime", "cats"), sample(run, "onnxruntime", "1"));
        assertRefused(run, "onnxruntime", "bees", CLASSES);

        // A run from before names were recorded: its labels go by number (the folder now lists
        // three class folders, not the run's two, so their names are not taken).
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("config.json")))
                .getAsJsonObject();
        json.getAsJsonObject("model").remove("classNames");
        Files.writeString(run.resolve("config.json"), json.toString());
        assertEquals(sample(run, null, "1"), cats);
        assertRefused(run, null, "cats", "the classes are 0 to 1");
    }

    /** Samples 3 images of a class as IDX bytes. */
    private byte[] sample(Path run, String engine, String label) throws IOException {
        Path out = Files.createTempFile(root, "sample", ".idx");
        CliResult sampled = CliResult.run(arguments(run, engine, label, out));
        assertEquals(sampled.code(), 0, sampled.err());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(bytes.length, 4 + 4 * 3 + 3 * 8 * 8, "an IDX file of 3 images of 8 x 8");
        return bytes;
    }

    private void assertRefused(Path run, String engine, String label, String classes)
            throws IOException {
        Path out = root.resolve("refused.idx");
        CliResult refused = CliResult.run(arguments(run, engine, label, out));
        assertEquals(refused.code(), 2, refused.err());
        assertEquals(refused.err().strip().lines().count(), 1L, refused.err());
        assertTrue(refused.err().contains("--label \"" + label + "\" is not a class; " + classes),
                refused.err());
        assertTrue(!Files.exists(out), "nothing written");
    }

    private static String[] arguments(Path run, String engine, String label, Path out) {
        List<String> args = new java.util.ArrayList<>(List.of("sample", "--run", run.toString(),
                "--label", label, "--count", "3", "--seed", "9", "--format", "idx", "--out",
                out.toString()));
        if (engine != null) {
            args.addAll(List.of("--engine", engine));
        }
        return args.toArray(String[]::new);
    }
}
