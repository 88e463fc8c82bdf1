package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Divergence forced by an absurd learning rate: stop with exit code 3, or roll back and go on. */
public class DivergenceCommandTest {

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"pytorch"}, {"mxnet"}};
    }

    /**
     * Learning rates that diverge: 1e30 overflows at once; 1e6 first saturates D so that G's
     * gradients are all zero on the first step, which DJL's Trainer.step() refused as an error
     * (exit 1) before the trainer updated parameters itself.
     */
    @DataProvider
    public Object[][] absurdRates() {
        return new Object[][] {
            {"pytorch", "1e30"}, {"mxnet", "1e30"}, {"pytorch", "1e6"}, {"mxnet", "1e6"}
        };
    }

    private static String[] train(Path out, String engine, String... more) {
        return trainAt("1e30", out, engine, more);
    }

    private static String[] trainAt(String rate, Path out, String engine, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train", "--engine", engine, "--steps", "60", "--batch-size", "64",
                                "--hidden-width", "32", "--lr-g", rate, "--lr-d", rate,
                                "--lr-schedule", "constant", "--log-every", "5",
                                "--sample-every", "0", "--checkpoint-every", "10", "--seed", "9",
                                "--no-progress", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test(dataProvider = "absurdRates")
    public void anAbsurdLearningRateStopsWithExitCodeThree(String engine, String rate)
            throws IOException {
        Path out = Files.createTempDirectory("diverge").resolve("run");
        CliResult result = CliResult.run(trainAt(rate, out, engine));
        System.out.printf("divergence %s | %s%n", engine, result.err().strip());
        assertEquals(result.code(), 3, result.err());
        assertTrue(result.err().contains("Training diverged"), result.err());
        assertTrue(result.err().matches("(?s).*up to step \\d+.*"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
        assertFalse(Files.exists(out.resolve("summary.json")), "a diverged run is not finished");
    }

    @Test(dataProvider = "engines")
    public void rollbackLowersTheLearningRatesAndFinishes(String engine) throws IOException {
        Path out = Files.createTempDirectory("rollback").resolve("run");
        CliResult result =
                CliResult.run(
                        train(out, engine, "--on-divergence", "rollback", "--rollback-lr-factor",
                                "1e-32", "--max-rollbacks", "3"));
        assertEquals(result.code(), 0, result.err());
        assertTrue(Files.isRegularFile(out.resolve("summary.json")));
        String log = Files.readString(out.resolve("train.log"));
        assertTrue(log.contains("Rollback 1 of 3"), log);
        long rollbacks = log.lines().filter(line -> line.contains("Rollback ")).count();
        System.out.printf("rollback %s: %d rollbacks, then finished%n", engine, rollbacks);

        // With too few rollbacks allowed the run stops, saying so.
        Path again = Files.createTempDirectory("rollback").resolve("run");
        CliResult stopped =
                CliResult.run(
                        train(again, engine, "--on-divergence", "rollback",
                                "--rollback-lr-factor", "0.9", "--max-rollbacks", "1"));
        assertEquals(stopped.code(), 3, stopped.err());
        assertTrue(stopped.err().contains("After 1 rollbacks"), stopped.err());
        // No advice to pass the option the run already has.
        assertTrue(!stopped.err().contains("pass --on-divergence rollback"), stopped.err());
        assertTrue(stopped.err().contains("--max-rollbacks"), stopped.err());
    }
}
