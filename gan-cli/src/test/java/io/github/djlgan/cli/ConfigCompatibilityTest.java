package io.github.djlgan.cli;

import ai.djl.training.dataset.Dataset;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonParser;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Old run directories resume, and --epochs counts passes over the data whatever k is. */
public class ConfigCompatibilityTest {

    /**
     * A run directory whose config.json is in the flat form that earlier versions wrote (the main
     * branch's ring8 run, seed 7, 2 steps) resumes.
     */
    @Test
    public void resumeAcceptsARunWithAnOldFlatConfig() throws IOException {
        Path run = Files.createTempDirectory("cli-legacy").resolve("run");
        // The old file's D is unpacked (ring8 packs by 2 since issue 15): train the same networks.
        CliResult first = CliResult.run("train", "--seed", "7", "--steps", "2", "--no-progress",
                "--pack", "1", "--out", run.toString());
        assertEquals(first.code(), 0, first.err());
        String flat;
        try (InputStream in = getClass().getResourceAsStream("/legacy-configs/ring8.json")) {
            flat = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(JsonParser.parseString(flat).getAsJsonObject().has("batchSize"), "flat form");
        Files.writeString(run.resolve("config.json"), flat);

        CliResult resumed = CliResult.run("train", "--resume", run.toString(), "--steps", "4",
                "--no-progress");
        assertEquals(resumed.code(), 0, resumed.err());
        TrainingConfig config =
                TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
        assertEquals(config.loop().steps(), 4);
        assertEquals(config.seed(), 7);
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-00000004")));
    }

    @DataProvider
    public Object[][] discriminatorSteps() {
        return new Object[][] {{1}, {2}, {5}};
    }

    /**
     * --epochs 2 draws two passes of real minibatches, counted by the trainer itself
     * (realBatches in the last checkpoint's trainer.json): each step draws k, so the count may
     * pass 2 * perEpoch by less than k.
     */
    @Test(dataProvider = "discriminatorSteps")
    public void epochsCountPassesOverTheDataWhateverK(int k) throws IOException {
        Path root = Files.createTempDirectory("cli-epochs-k");
        Path pictures = Files.createDirectories(root.resolve("pictures"));
        for (int i = 0; i < 24; i++) {
            Color colour = i % 2 == 0 ? ImageFixtures.RED : ImageFixtures.BLUE;
            ImageFixtures.writePicture(pictures.resolve("p" + i + ".png"), 12, 12, colour, "png");
        }
        Path run = root.resolve("run");
        String[] args = {"train", "--dataset", "folder:" + pictures, "--image-size", "28",
            "--batch-size", "4", "--hidden-width", "8", "--latent-dim", "8", "--k",
            String.valueOf(k), "--epochs", "2", "--seed", "1", "--no-progress", "--out",
            run.toString()};
        CliResult trained = CliResult.run(args);
        assertEquals(trained.code(), 0, trained.err());

        TrainingConfig config =
                TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
        long perEpoch = GanSetup.imageCount(config, Dataset.Usage.TRAIN) / 4;
        assertTrue(perEpoch >= 3, "a pass holds several batches: " + perEpoch);
        String latest = Files.readString(run.resolve("checkpoints/latest")).trim();
        long realBatches = JsonParser.parseString(
                        Files.readString(run.resolve("checkpoints").resolve(latest)
                                .resolve("trainer.json")))
                .getAsJsonObject().get("realBatches").getAsLong();
        assertTrue(realBatches >= 2 * perEpoch && realBatches <= 2 * perEpoch + k - 1,
                "k " + k + ": " + realBatches + " real batches for 2 passes of " + perEpoch);
    }
}
