package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code --penalty} reaches the run (config.json, metrics.csv), and MXNet's refusal is one line. */
public class PenaltyCommandTest {

    @Test
    public void aPenalisedRunRecordsAndLogsItsPenalty() throws IOException {
        Path root = Files.createTempDirectory("cli-penalty");
        try {
            Path run = root.resolve("run");
            CliResult trained =
                    CliResult.run(
                            "train", "--steps", "40", "--log-every", "20", "--seed", "2",
                            "--penalty", "r1", "--penalty-weight", "0.1", "--penalty-every", "2",
                            "--no-progress", "--out", run.toString());
            assertEquals(trained.code(), 0, trained.err());
            TrainingConfig config =
                    TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
            assertEquals(config.penalty().kind(), PenaltyKind.R1);
            assertEquals(config.penalty().weight(), 0.1);
            assertEquals(config.penalty().every(), 2);
            List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
            assertEquals(rows.get(0), "step,d_loss,g_loss,d_real,d_fake,penalty,ms_per_step");
            double penalty = Double.parseDouble(rows.get(2).split(",")[5]);
            assertTrue(penalty >= 0 && Double.isFinite(penalty), rows.toString());
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    @Test
    public void mxnetRefusesBeforeTrainingAndFlagsNeedAPenalty() throws IOException {
        Path root = Files.createTempDirectory("cli-penalty-mxnet");
        try {
            Path run = root.resolve("run");
            CliResult refused =
                    CliResult.run("train", "--engine", "mxnet", "--penalty", "wgan-gp",
                            "--steps", "5", "--out", run.toString());
            assertEquals(refused.code(), GanCli.BAD_INPUT, refused.err());
            assertEquals(refused.err().strip().lines().count(), 1L, refused.err());
            assertTrue(refused.err().contains("MXNet"), refused.err());
            assertTrue(!Files.exists(run), "a refused run leaves no directory");
            CliResult clipped =
                    CliResult.run("train", "--loss", "wasserstein", "--penalty", "wgan-gp",
                            "--weight-clip", "0.01", "--steps", "5", "--out", run.toString());
            assertEquals(clipped.code(), GanCli.BAD_INPUT, clipped.err());
            assertEquals(clipped.err().strip().lines().count(), 1L, clipped.err());
            assertTrue(clipped.err().contains("weightClip"), clipped.err());
            assertTrue(!Files.exists(run), "a refused run leaves no directory");
            CliResult alone = CliResult.run("train", "--penalty-weight", "5", "--steps", "1");
            assertEquals(alone.code(), GanCli.BAD_INPUT, alone.err());
            assertTrue(alone.err().contains("need --penalty"), alone.err());
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }
}
