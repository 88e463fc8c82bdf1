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

/** {@code ring:N}, {@code grid:N} and {@code --mixture-std} through {@code gan train} and eval. */
public class MixtureCommandTest {

    private static final String[] TINY = {
        "--steps", "20", "--batch-size", "32", "--hidden-width", "16", "--log-every", "5",
        "--sample-every", "0", "--checkpoint-every", "0", "--seed", "7", "--no-progress"
    };

    @DataProvider
    public Object[][] nonsense() {
        return new Object[][] {
            {new String[] {"--dataset", "ring:0"}, "ring:0: N must be at least 1"},
            {new String[] {"--dataset", "grid:0"}, "grid:0: N must be at least 1"},
            {new String[] {"--dataset", "ring:x"}, "ring:x: N must be a whole number"},
            {new String[] {"--dataset", "ring:101"}, "ring:101 has 101 modes, more than 100"},
            {new String[] {"--dataset", "grid:11"}, "grid:11 has 121 modes, more than 100"},
            {new String[] {"--dataset", "ring8", "--mixture-std", "-0.02"},
                "mixtureStd must be a positive number, got -0.02"},
            {new String[] {"--dataset", "grid25", "--mixture-std", "0"},
                "mixtureStd must be a positive number, got 0.0"},
            {new String[] {"--dataset", "ring:100", "--mixture-std", "0.03"},
                "ring:100 at std 0.03: neighbouring modes lie 4.19 std apart, under 6"},
            {new String[] {"--dataset", "ring8", "--mixture-std", "0.3"},
                "ring8 at std 0.3: neighbouring modes lie 5.10 std apart, under 6"},
            {new String[] {"--dataset", "gaussian1d", "--mixture-std", "0.1"},
                "mixtureStd applies to ring and grid mixtures only, not to gaussian1d"},
        };
    }

    @Test(dataProvider = "nonsense")
    public void nonsenseGetsOneLineExitTwoAndNoRunDirectory(String[] flags, String message)
            throws IOException {
        Path out = Files.createTempDirectory("mixture-bad").resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(flags));
        CliResult result = CliResult.run(args.toArray(String[]::new));
        assertEquals(result.code(), GanCli.BAD_INPUT, result.err());
        assertTrue(result.err().contains(message), result.err());
        assertEquals(result.err().strip().lines().count(), 1L, result.err());
        assertFalse(Files.exists(out), "a run directory was left behind");
    }

    /**
     * A ring of 12 trains and {@code gan eval} counts its 12 modes with no published rows (none
     * exist for it); {@code ring:8} is the published benchmark and gets PacGAN's and VEEGAN's
     * rows, unless its std differs from theirs.
     */
    @Test
    public void evalCountsAConfiguredMixturesModesAndShowsRowsOnlyForThePublishedOne()
            throws IOException {
        Path root = Files.createTempDirectory("mixture");
        CliResult ring12 = train(root.resolve("ring12"), "--dataset", "ring:12");
        assertEquals(ring12.code(), 0, ring12.err());
        CliResult eval12 = CliResult.run("eval", "--run", root.resolve("ring12").toString());
        assertEquals(eval12.code(), 0, eval12.err());
        assertTrue(eval12.out().contains(" of 12 (") && eval12.out().contains("reverse KL"),
                eval12.out());
        assertFalse(eval12.out().contains("published:"), eval12.out());

        CliResult ring8 = train(root.resolve("ring8"), "--dataset", "ring:8");
        assertEquals(ring8.code(), 0, ring8.err());
        CliResult eval8 = CliResult.run("eval", "--run", root.resolve("ring8").toString());
        assertTrue(eval8.out().contains(
                        "published: GAN 6.3 of 8 modes, high quality 98.2%"), eval8.out());
        assertTrue(eval8.out().contains(
                        "published: PacGAN2 7.9 of 8 modes, high quality not quoted"), eval8.out());

        CliResult wide = train(root.resolve("wide"), "--dataset", "ring:8", "--mixture-std",
                "0.05");
        assertEquals(wide.code(), 0, wide.err());
        assertTrue(Files.readString(root.resolve("wide/config.json"))
                .contains("\"mixtureStd\": 0.05"));
        CliResult evalWide = CliResult.run("eval", "--run", root.resolve("wide").toString());
        assertFalse(evalWide.out().contains("published:"), evalWide.out());
    }

    private static CliResult train(Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(TINY));
        args.addAll(List.of(flags));
        return CliResult.run(args.toArray(String[]::new));
    }
}
