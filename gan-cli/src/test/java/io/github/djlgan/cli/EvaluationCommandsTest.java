package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class EvaluationCommandsTest {

    @Test
    public void evalWritesModeCoverageBesideTheBaselines() throws IOException {
        Path run = Files.createTempDirectory("eval").resolve("run");
        CliResult trained = CliResult.run("train", "--dataset", "ring8", "--steps", "50",
                "--seed", "1", "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        CliResult evaluated = CliResult.run("eval", "--run", run.toString());
        assertEquals(evaluated.code(), 0, evaluated.err());
        assertTrue(evaluated.out().contains("published: GAN 6.3 of 8 modes"), evaluated.out());
        String json = Files.readString(run.resolve("eval.json"));
        assertTrue(json.contains("\"modesCovered\"") && json.contains("\"PacGAN2\""), json);

        // A count whose samples cannot be held at once is refused before anything is drawn.
        CliResult huge = CliResult.run("sample", "--run", run.toString(), "--count",
                "1000000000", "--out", run.resolveSibling("huge.csv").toString());
        assertEquals(huge.code(), GanCli.BAD_INPUT, huge.err());
        assertTrue(huge.err().contains("draw fewer at once"), huge.err());
        assertTrue(!Files.exists(run.resolveSibling("huge.csv")));
    }

    @Test
    public void theoryWritesReportAndFigure() throws IOException {
        Path out = Files.createTempDirectory("theory");
        CliResult result = CliResult.run("theory", "--d-steps", "20", "--steps", "20",
                "--engine", "mxnet", "--out", out.toString());
        assertEquals(result.code(), 0, result.err());
        assertTrue(result.out().contains("Proposition 1 (MXNet)"), result.out());
        assertTrue(Files.size(out.resolve("figure1.png")) > 1000);
        assertTrue(Files.readString(out.resolve("theory.json")).contains("\"maxAbsDifference\""));
    }

    @Test
    public void evalOfAMissingRunIsBadInput() {
        CliResult result = CliResult.run("eval", "--run", "/nonexistent/run");
        assertEquals(result.code(), GanCli.BAD_INPUT);
        assertTrue(result.err().contains("not a run directory"), result.err());
    }

    @Test
    public void theoryRejectsTooFewSteps() {
        CliResult result = CliResult.run("theory", "--steps", "5");
        assertEquals(result.code(), GanCli.BAD_INPUT);
        assertTrue(result.err().contains("--steps must be at least 20"), result.err());
    }
}
