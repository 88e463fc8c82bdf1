package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.config.TrainingConfig;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

public class TrainCommandTest {

    private static String[] train(Path out, String engine, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "train",
                                "--engine", engine,
                                "--steps", "50",
                                "--log-every", "1",
                                "--sample-every", "25",
                                "--checkpoint-every", "25",
                                "--seed", "3",
                                "--no-progress",
                                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"pytorch"}, {"mxnet"}};
    }

    @Test(dataProvider = "engines")
    public void trainWritesACompleteRunDirectoryThatItsConfigRepeats(String engine)
            throws IOException {
        Path root = Files.createTempDirectory("cli-train");
        Path first = root.resolve("first");
        CliResult result = CliResult.run(train(first, engine));
        assertEquals(result.code(), 0, result.err());
        assertTrue(result.out().contains("modes covered"), result.out());

        for (String file :
                List.of(
                        "config.json",
                        "manifest.json",
                        "metrics.csv",
                        "summary.json",
                        "train.log",
                        "samples/step-00000025.png",
                        "samples/step-00000050.png",
                        "checkpoints/latest",
                        "checkpoints/step-00000025/generator.params",
                        "checkpoints/step-00000050/discriminator.params")) {
            assertTrue(Files.isRegularFile(first.resolve(file)), "missing " + file);
        }
        List<String> metrics = Files.readAllLines(first.resolve("metrics.csv"));
        assertEquals(metrics.size(), 51, "a header and one row per step");
        assertTrue(Files.readString(first.resolve("train.log")).contains("Finished"));
        assertEquals(ImageIO.read(first.resolve("samples/step-00000050.png").toFile()).getWidth(),
                560);
        TrainingConfig written = TrainingConfig.fromJson(
                Files.readString(first.resolve("config.json")));
        assertEquals(written.seed(), 3);
        assertEquals(written.runtime().engine(), engine.equals("pytorch") ? "PyTorch" : "MXNet");
        String manifest = Files.readString(first.resolve("manifest.json"));
        assertTrue(manifest.contains("\"engineVersion\""), manifest);

        Path second = root.resolve("second");
        CliResult again =
                CliResult.run(
                        "train", "--config", first.resolve("config.json").toString(),
                        "--no-progress", "--out", second.toString());
        assertEquals(again.code(), 0, again.err());
        List<String> repeated = Files.readAllLines(second.resolve("metrics.csv"));
        // Same seed, engine and settings: the same losses and scores (the time column differs).
        for (int row = 1; row <= 3; row++) {
            assertEquals(withoutTime(repeated.get(row)), withoutTime(metrics.get(row)));
        }
    }

    private static String withoutTime(String row) {
        return row.substring(0, row.lastIndexOf(','));
    }

    @Test
    public void sampleWritesCsvFromTheLatestCheckpoint() throws IOException {
        Path root = Files.createTempDirectory("cli-sample");
        Path run = root.resolve("run");
        assertEquals(CliResult.run(train(run, "pytorch")).code(), 0);
        Path csv = root.resolve("samples.csv");
        CliResult result =
                CliResult.run(
                        "sample", "--run", run.toString(), "--count", "100",
                        "--out", csv.toString());
        assertEquals(result.code(), 0, result.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(lines.get(0), "x,y");
        assertEquals(lines.size(), 101);
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",");
            assertEquals(values.length, 2, line);
            assertTrue(Double.isFinite(Double.parseDouble(values[0])), line);
        }
        // The same checkpoint sampled on the other engine gives the same points.
        Path other = root.resolve("mxnet.csv");
        assertEquals(
                CliResult.run(
                                "sample", "--run", run.toString(), "--count", "100",
                                "--engine", "mxnet", "--out", other.toString())
                        .code(),
                0);
        List<String> otherLines = Files.readAllLines(other);
        for (int i = 1; i < lines.size(); i++) {
            String[] a = lines.get(i).split(",");
            String[] b = otherLines.get(i).split(",");
            for (int j = 0; j < 2; j++) {
                assertEquals(Double.parseDouble(b[j]), Double.parseDouble(a[j]), 1e-4);
            }
        }
    }

    @Test
    public void wassersteinWithStabilisersRecordsItsSettingsAndSamplesTheAverage()
            throws IOException {
        Path root = Files.createTempDirectory("cli-stabilised");
        Path run = root.resolve("run");
        CliResult trained =
                CliResult.run(
                        train(run, "pytorch", "--loss", "wasserstein", "--spectral-norm",
                                "--pack", "4", "--ema", "0.9", "--instance-noise", "0.1",
                                "--lr-schedule", "exponential"));
        assertEquals(trained.code(), 0, trained.err());
        TrainingConfig config =
                TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
        assertEquals(config.loop().discriminatorSteps(), 5);
        assertEquals(config.loop().discriminatorOptimizer().kind().id(), "rmsprop");
        assertEquals(config.loop().discriminatorOptimizer().schedule().id(), "exponential");
        assertEquals(config.stabilizers().weightClip(), 0.01);
        assertTrue(config.stabilizers().spectralNorm());
        assertEquals(config.stabilizers().pack(), 4);
        assertTrue(Files.isRegularFile(
                run.resolve("checkpoints/step-00000050/generator-ema.params")));
        Path csv = root.resolve("samples.csv");
        CliResult sampled =
                CliResult.run(
                        "sample", "--run", run.toString(), "--count", "10",
                        "--out", csv.toString());
        assertEquals(sampled.code(), 0, sampled.err());
        assertEquals(Files.readAllLines(csv).size(), 11);
    }

    @DataProvider
    public Object[][] badInput() {
        return new Object[][] {
            {new String[] {"--engine", "tensorflowx"}, "Unknown engine 'tensorflowx'"},
            {new String[] {"--device", "gpu"}, "engine sees no GPU"},
            {new String[] {"--device", "tpu"}, "Unknown device 'tpu'"},
            {new String[] {"--batch-size", "0"}, "batchSize must be at least 1, got 0"},
            {new String[] {"--lr-g", "-0.1"}, "learningRate must be a positive number"},
            {new String[] {"--dataset", "ring9"}, "Unknown dataset 'ring9'"},
            {new String[] {"--k", "0"}, "discriminatorSteps must be at least 1"},
            {new String[] {"--latent-dim", "0"}, "latentDim must be at least 1"},
            {new String[] {"--loss", "hinge-ish"}, "Unknown loss 'hinge-ish'"},
            {new String[] {"--steps", "many"}, "Invalid value for option '--steps'"},
            {new String[] {"--pack", "3"}, "pack must divide batchSize: 256 samples"},
            {new String[] {"--loss", "hinge", "--label-smoothing", "0.1"},
                "labelSmoothing applies to minimax, non-saturating and least-squares"},
            {new String[] {"--ema", "1"}, "ema must be in [0, 1), got 1.0"},
            {new String[] {"--optimizer", "adamw"}, "Unknown optimizer 'adamw'"},
            {new String[] {"--lr-schedule", "cosine"}, "Unknown learning-rate schedule 'cosine'"},
            {new String[] {"--momentum-ramp", "100"}, "a momentum ramp needs the sgd optimizer"},
            {new String[] {"--optimizer", "sgd", "--final-momentum", "0.7"},
                "--final-momentum needs --momentum-ramp UPDATES"},
            {new String[] {"--optimizer", "sgd", "--momentum-ramp", "0"},
                "--momentum-ramp must be at least 1 update, got 0"},
            {new String[] {"--keep-best", "fid"}, "Unknown best-checkpoint metric 'fid'"},
            {new String[] {"--dataset", "fashion-mnist", "--keep-best", "modes"},
                "keepBest modes measures a synthetic mixture's modes"},
        };
    }

    @Test(dataProvider = "badInput")
    public void badInputGetsOneMessageExitTwoAndNoRunDirectory(String[] flags, String message)
            throws IOException {
        Path out = Files.createTempDirectory("cli-bad").resolve("run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(flags));
        CliResult result = CliResult.run(args.toArray(String[]::new));
        assertEquals(result.code(), 2, result.err());
        assertTrue(result.err().contains(message), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        assertFalse(Files.exists(out), "a run directory was left behind");
    }

    /**
     * {@code --keep-best} keeps the best checkpoint by its metric besides the newest, named in
     * best.json, whose score no later checkpoint beat (the final one is scored on the same noise as
     * the summary); {@code --checkpoint best} then samples from it, and a run without one refuses.
     * The paper's momentum ramp is recorded in the run's config.
     */
    @Test(dataProvider = "engines")
    public void keepBestKeepsTheBestCheckpointForSampling(String engine) throws IOException {
        Path run = Files.createTempDirectory("cli-best").resolve("run");
        CliResult result =
                CliResult.run(
                        train(run, engine, "--keep-best", "high-quality", "--keep-checkpoints",
                                "1", "--optimizer", "sgd", "--lr-g", "0.05", "--lr-d", "0.05",
                                "--momentum-ramp", "100"));
        assertEquals(result.code(), 0, result.err());
        JsonObject best =
                JsonParser.parseString(
                                Files.readString(run.resolve("checkpoints").resolve("best.json")))
                        .getAsJsonObject();
        assertEquals(best.get("metric").getAsString(), "high-quality");
        double bestShare = best.get("score").getAsDouble();
        double finalShare =
                JsonParser.parseString(Files.readString(run.resolve("summary.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("coverage")
                        .get("highQualityShare")
                        .getAsDouble();
        assertTrue(bestShare >= finalShare, bestShare + " < final " + finalShare);
        List<String> kept;
        try (var list = Files.list(run.resolve("checkpoints"))) {
            kept = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("step-"))
                    .sorted()
                    .toList();
        }
        String bestName = best.get("checkpoint").getAsString();
        assertTrue(kept.contains(bestName), kept + " lacks " + bestName);
        assertTrue(kept.contains("step-00000050"), kept.toString());
        assertEquals(kept.size(), bestName.equals("step-00000050") ? 1 : 2, kept.toString());
        JsonObject optimizer =
                JsonParser.parseString(Files.readString(run.resolve("config.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("loop")
                        .getAsJsonObject("generatorOptimizer");
        assertEquals(optimizer.get("momentumRampUpdates").getAsLong(), 100L);
        assertEquals(optimizer.get("finalMomentum").getAsDouble(), 0.7);

        Path samples = run.getParent().resolve("best.csv");
        CliResult sampled =
                CliResult.run("sample", "--run", run.toString(), "--checkpoint", "best",
                        "--count", "10", "--out", samples.toString());
        assertEquals(sampled.code(), 0, sampled.err());
        assertEquals(Files.readAllLines(samples).size(), 11);

        Path plain = Files.createTempDirectory("cli-best").resolve("run");
        assertEquals(CliResult.run(train(plain, engine)).code(), 0);
        CliResult refused =
                CliResult.run("sample", "--run", plain.toString(), "--checkpoint", "best",
                        "--out", samples.toString());
        assertEquals(refused.code(), 2, refused.err());
        assertTrue(refused.err().contains("holds no best checkpoint"), refused.err());
    }

    @Test
    public void configWithAnUnknownKeyIsRefused() throws IOException {
        Path root = Files.createTempDirectory("cli-config");
        Path config = root.resolve("config.json");
        Files.writeString(config, "{\"steps\": 10, \"learning_rate\": 0.1}");
        Path out = root.resolve("run");
        CliResult result =
                CliResult.run("train", "--config", config.toString(), "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("Unknown config key 'learning_rate'"), result.err());
        assertFalse(Files.exists(out));

        Files.writeString(config, "steps: 10");
        result = CliResult.run("train", "--config", config.toString(), "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("config"), result.err());

        result = CliResult.run("train", "--config", root.resolve("absent.json").toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("does not exist"), result.err());
    }

    @Test
    public void anExistingRunIsNeitherOverwrittenNorMixedWith() throws IOException {
        Path out = Files.createTempDirectory("cli-existing");
        Path precious = Files.writeString(out.resolve("notes.txt"), "keep me");
        CliResult result = CliResult.run("train", "--steps", "5", "--out", out.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("already holds files"), result.err());
        assertEquals(Files.readString(precious), "keep me");
        try (var files = Files.list(out)) {
            assertEquals(files.count(), 1L);
        }
    }

    @Test
    public void interpolateNeedsAnImageRunAndPlotDrawsTheCurves() throws IOException {
        Path root = Files.createTempDirectory("cli-interp");
        Path run = root.resolve("run");
        assertEquals(CliResult.run(train(run, "pytorch")).code(), 0);
        CliResult result = CliResult.run("interpolate", "--run", run.toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("interpolate draws images"), result.err());

        CliResult plotted = CliResult.run("plot", "--run", run.toString());
        assertEquals(plotted.code(), 0, plotted.err());
        java.awt.image.BufferedImage curves =
                ImageIO.read(run.resolve("samples/curves.png").toFile());
        assertEquals(curves.getWidth(), 900);
        assertEquals(curves.getHeight(), 720);

        CliResult nothing = CliResult.run("plot", "--run", root.toString());
        assertEquals(nothing.code(), 2);
        assertTrue(nothing.err().contains("has no metrics.csv"), nothing.err());
    }

    @Test
    public void sampleOfSomethingThatIsNotARunIsRefused() throws IOException {
        Path empty = Files.createTempDirectory("cli-notrun");
        CliResult result =
                CliResult.run(
                        "sample", "--run", empty.toString(), "--out",
                        empty.resolve("x.csv").toString());
        assertEquals(result.code(), 2);
        assertTrue(result.err().contains("not a run directory"), result.err());
    }
}
