package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --penalty} reaches the run (config.json, metrics.csv) on both engines; MXNet's refusal of
 * the exact penalty for a D it cannot differentiate twice (maxout) is one line naming the
 * finite-difference estimator, which trains R1 on both engines.
 */
public class PenaltyCommandTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aPenalisedRunRecordsAndLogsItsPenalty(String engine) throws IOException {
        Path root = Files.createTempDirectory("cli-penalty");
        try {
            Path run = root.resolve("run");
            CliResult trained =
                    CliResult.run(
                            "train", "--engine", engine, "--steps", "40", "--log-every", "20",
                            "--seed", "2", "--penalty", "r1", "--penalty-weight", "0.1", "--penalty-every", "2",
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
                            "--maxout-pieces", "3", "--steps", "5", "--out", run.toString());
            assertEquals(refused.code(), GanCli.BAD_INPUT, refused.err());
            assertEquals(refused.err().strip().lines().count(), 1L, refused.err());
            assertTrue(refused.err().contains("MXNet") && refused.err().contains("maxout"),
                    refused.err());
            assertTrue(refused.err().contains("--penalty-estimator finite-difference"),
                    refused.err());
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
            CliResult estimatorAlone =
                    CliResult.run("train", "--penalty-estimator", "finite-difference",
                            "--steps", "1", "--out", run.toString());
            assertEquals(estimatorAlone.code(), GanCli.BAD_INPUT, estimatorAlone.err());
            assertEquals(estimatorAlone.err().strip().lines().count(), 1L, estimatorAlone.err());
            assertTrue(estimatorAlone.err().contains("--penalty-estimator"), estimatorAlone.err());
            CliResult unitNorm =
                    CliResult.run("train", "--loss", "wasserstein", "--penalty", "wgan-gp",
                            "--penalty-estimator", "finite-difference", "--steps", "5",
                            "--out", run.toString());
            assertEquals(unitNorm.code(), GanCli.BAD_INPUT, unitNorm.err());
            assertEquals(unitNorm.err().strip().lines().count(), 1L, unitNorm.err());
            assertTrue(unitNorm.err().contains("wgan-gp")
                    && unitNorm.err().contains("finite-difference"), unitNorm.err());
            assertTrue(!Files.exists(run), "a refused run leaves no directory");
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    /** R1 by finite differences trains ring8 on either engine, MXNet included. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void finiteDifferenceR1TrainsOnEitherEngine(String engine) throws IOException {
        Path root = Files.createTempDirectory("cli-penalty-fd");
        try {
            Path run = root.resolve("run");
            CliResult trained =
                    CliResult.run(
                            "train", "--engine", engine, "--steps", "60", "--log-every", "20",
                            "--seed", "3", "--penalty", "r1", "--penalty-estimator",
                            "finite-difference", "--no-progress", "--out", run.toString());
            assertEquals(trained.code(), 0, trained.err());
            TrainingConfig config =
                    TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
            assertEquals(config.penalty().estimator(), PenaltyEstimator.FINITE_DIFFERENCE);
            List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
            assertEquals(rows.get(0), "step,d_loss,g_loss,d_real,d_fake,penalty,ms_per_step");
            assertEquals(rows.size(), 4, rows.toString());
            for (String row : rows.subList(1, rows.size())) {
                String[] cells = row.split(",");
                for (int column = 1; column < 6; column++) {
                    assertTrue(Double.isFinite(Double.parseDouble(cells[column])), row);
                }
                double penalty = Double.parseDouble(cells[5]);
                assertTrue(penalty > 0 && penalty < 100, engine + " " + row);
            }
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }
}
