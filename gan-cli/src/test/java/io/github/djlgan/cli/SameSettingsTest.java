package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;

import io.github.djlgan.api.config.ConfigDefaults;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The same {@code gan train} flags give the same settings as before the configuration was
 * grouped: each config.json that the main branch wrote (test resources legacy-configs/, from
 * these flags with {@code --seed 7}) equals what the flags build now.
 */
public class SameSettingsTest {

    private Path folder;

    /** A folder like the one the old runs trained on: 12 pictures in each of 2 classes. */
    @BeforeClass
    public void writeFolder() throws IOException {
        folder = Files.createTempDirectory("same-settings");
        for (int i = 0; i < 12; i++) {
            ImageFixtures.writePicture(folder.resolve("cats/" + i + ".png"), 32, 32,
                    ImageFixtures.RED, "png");
            ImageFixtures.writePicture(folder.resolve("dogs/" + i + ".png"), 32, 32,
                    ImageFixtures.BLUE, "png");
        }
    }

    @DataProvider
    public Object[][] runs() {
        String folderFlags = "--dataset folder:@FOLDER@ --image-size 32 --batch-size 8"
                + " --hidden-width 8";
        return new Object[][] {
            {"ring8", "--steps 2"},
            {"grid25", "--dataset grid25 --steps 2"},
            {"gaussian1d", "--dataset gaussian1d --steps 2"},
            {"fashion-dcgan", "--dataset fashion-mnist --steps 1 --batch-size 8 --hidden-width 8"},
            {"paper-mlp", "--dataset fashion-mnist --arch paper-mlp --steps 1 --batch-size 8"
                    + " --hidden-width 50"},
            {"folder", folderFlags + " --steps 2"},
            {"folder-conditional", folderFlags + " --steps 2 --conditional"},
            {"fashion-conditional", "--dataset fashion-mnist --conditional --steps 1"
                    + " --batch-size 8 --hidden-width 8"},
            {"minimax", "--loss minimax --steps 2"},
            {"least-squares", "--loss least-squares --steps 2"},
            {"hinge", "--loss hinge --steps 2"},
            {"wasserstein", "--loss wasserstein --steps 2"},
            {"spectral-ema", "--spectral-norm --ema 0.999 --steps 2"},
            {"pack", "--pack 4 --steps 2"},
            {"smoothing-noise", "--label-smoothing 0.1 --instance-noise 0.1 --steps 2"},
            {"weight-clip", "--weight-clip 0.05 --steps 2"},
            {"sgd-ramp", "--optimizer sgd --momentum-ramp 100 --lr-schedule exponential"
                    + " --steps 2"},
            {"rmsprop", "--optimizer rmsprop --lr-g 1e-4 --lr-d 2e-4 --steps 2"},
            {"keep-best", "--keep-best modes --on-divergence rollback --max-rollbacks 2"
                    + " --rollback-lr-factor 0.25 --keep-checkpoints 3 --log-every 1"
                    + " --sample-every 0 --checkpoint-every 1 --steps 2"},
            {"fashion-gray-28-width", "--dataset fashion-mnist --image-size 32 --latent-dim 16"
                    + " --hidden-layers 3 --noise uniform --steps 1 --batch-size 8"
                    + " --hidden-width 8"},
        };
    }

    @Test(dataProvider = "runs")
    public void sameFlagsGiveTheSameSettings(String name, String flags) throws IOException {
        assertEquals(settings(flags), withMixtureDefaults(legacy(name), flags), name);
    }

    /**
     * The mixtures' defaults are the other intended change (issue 15: ring8 packs D's input by 2;
     * the grids train with R1 and G's weight average): where the flags do not set them, they take
     * today's defaults, and every other setting must be as before.
     */
    private static TrainingConfig withMixtureDefaults(TrainingConfig before, String flags) {
        TrainingConfig packed = before;
        if (!flags.contains("--pack")) {
            int pack = ConfigDefaults.PACK.value(before.basis());
            packed = before.toBuilder().optStabilizers(s -> s.optPack(pack)).build();
        }
        if (!ConfigDefaults.GRIDS.test().test(before.basis())) {
            return packed;
        }
        // The grids' defaults (issue 15): R1, G's weight average, and the cadence of 40,000 steps
        // (the flags here set the steps).
        ConfigDefaults.Basis basis = ConfigDefaults.Basis.withDefaultPenalty(
                before.data().dataset(), before.model().architecture(), before.loop().loss());
        return packed.toBuilder()
                .optStabilizers(s -> s.optEma(ConfigDefaults.EMA.value(basis)))
                .optPenalty(PenaltyConfig.builder().setKind(basis.penalty()))
                .optCadence(c -> c.optLogEvery(ConfigDefaults.LOG_EVERY.value(basis))
                        .optSampleEvery(ConfigDefaults.SAMPLE_EVERY.value(basis))
                        .optCheckpointEvery(ConfigDefaults.CHECKPOINT_EVERY.value(basis)))
                .build();
    }

    /**
     * --epochs is the one intended change: the old count made k passes per epoch (k = 2 here),
     * the new one makes 1; every other setting is the same.
     */
    @Test
    public void epochsNowCountOnePassPerEpoch() throws IOException {
        TrainingConfig now = settings("--dataset folder:@FOLDER@ --image-size 32 --batch-size 8"
                + " --hidden-width 8 --epochs 2 --k 2");
        TrainingConfig before = legacy("epochs");
        assertEquals(now.loop().steps(), before.loop().steps() / 2);
        assertEquals(now.toBuilder().optLoop(l -> l.optSteps(before.loop().steps())).build(),
                before);
    }

    private TrainingConfig settings(String flags) throws IOException {
        TrainCommand command = new TrainCommand();
        String args = flags.replace("@FOLDER@", folder.toString()) + " --seed 7";
        new CommandLine(command).parseArgs(args.split(" "));
        return command.settings();
    }

    private TrainingConfig legacy(String name) throws IOException {
        try (InputStream in =
                getClass().getResourceAsStream("/legacy-configs/" + name + ".json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return TrainingConfig.fromJson(text.replace("@FOLDER@", folder.toString()));
        }
    }
}
