package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.ConfigDefault;
import io.github.djlgan.api.config.ConfigDefaults;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code gan defaults} lists what {@code gan train} resolves, each setting with its reason; and
 * {@code --penalty none} turns off the grids' default penalty.
 */
public class DefaultsCommandTest {

    @Test
    public void everySettingOfTheGridsIsListedWithItsReason() {
        CliResult result = CliResult.run("defaults", "--dataset", "grid25");
        assertEquals(result.code(), GanCli.OK, result.err());
        String out = result.out();
        assertTrue(out.startsWith("Defaults for dataset grid25, architecture mlp,"
                + " loss non-saturating, penalty r1 ("), out);
        ConfigDefaults.Basis basis =
                ConfigDefaults.Basis.withDefaultPenalty("grid25", null, null);
        for (ConfigDefault<?> setting : ConfigDefaults.all()) {
            if (setting == ConfigDefaults.DATASET
                    || setting == ConfigDefaults.PENALTY || setting == ConfigDefaults.OPTIMIZER) {
                continue;
            }
            ConfigDefaults.Default<?> chosen = setting.resolve(basis);
            assertTrue(out.lines().anyMatch(line -> line.strip().startsWith(setting.name() + " ")
                            && line.contains(" " + ConfigDefault.format(chosen.value()) + " ")
                            && line.endsWith(chosen.reason())),
                    setting.name() + " not listed as " + chosen + ":\n" + out);
        }
        assertTrue(out.contains("ema                  0.999"), out);
        assertTrue(out.contains("steps                80000"), out);
    }

    @Test
    public void theGridsGetExactR1AndPenaltyNoneListsNoPenaltySetting() {
        CliResult grid = CliResult.run("defaults", "--dataset", "grid25");
        assertTrue(grid.out().contains("penalty r1 ("), grid.out());
        assertTrue(grid.out().contains("penaltyEstimator     exact"), grid.out());
        CliResult none = CliResult.run("defaults", "--dataset", "grid25", "--penalty", "none");
        assertTrue(none.out().contains("penalty none:"), none.out());
        assertTrue(none.out().lines().noneMatch(l -> l.strip().startsWith("penalty")), none.out());
    }

    @Test
    public void anUnknownDatasetIsOneLineAndExitTwo() {
        CliResult result = CliResult.run("defaults", "--dataset", "nope");
        assertEquals(result.code(), GanCli.BAD_INPUT);
        assertEquals(result.err().strip().lines().count(), 1L, result.err());
        assertTrue(result.err().contains("Unknown dataset 'nope'"), result.err());
    }

    /** config.json records the grids' default penalty, and none where --penalty none says so. */
    @Test
    public void penaltyNoneTurnsOffTheGridsDefault() throws IOException {
        Path root = Files.createTempDirectory("defaults-none");
        String[] tiny = {"--dataset", "grid25", "--steps", "4", "--batch-size", "16",
            "--hidden-width", "8", "--sample-every", "0", "--checkpoint-every", "0", "--seed", "3",
            "--no-progress"};
        CliResult with = CliResult.run(concat(new String[] {"train", "--out",
            root.resolve("r1").toString()}, tiny));
        assertEquals(with.code(), GanCli.OK, with.err());
        String config = Files.readString(root.resolve("r1/config.json"));
        assertTrue(config.contains("\"kind\": \"r1\""), config);
        CliResult without = CliResult.run(concat(new String[] {"train", "--out",
            root.resolve("none").toString(), "--penalty", "none"}, tiny));
        assertEquals(without.code(), GanCli.OK, without.err());
        assertTrue(Files.readString(root.resolve("none/config.json"))
                .contains("\"penalty\": null"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
