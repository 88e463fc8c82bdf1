package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.TrainingConfig;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gan train --help} states the defaults each kind of run gets: every stated default is
 * parsed from the help text and compared with the configuration that kind of run is built with.
 */
public class TrainHelpTest {

    private static final Pattern DEFAULT = Pattern.compile("Default: (.*?)\\.(?:\\s|$)");

    /** What each option's default is compared with, written out here. */
    private static final Map<String, Function<TrainingConfig, Object>> VALUE_OF = values();

    private static Map<String, Function<TrainingConfig, Object>> values() {
        Map<String, Function<TrainingConfig, Object>> map = new LinkedHashMap<>();
        map.put("--engine", c -> c.runtime().engine());
        map.put("--device", c -> c.runtime().device());
        map.put("--dataset", c -> c.data().dataset());
        map.put("--image-size", c -> c.data().imageSize());
        map.put("--channels", c -> c.data().channels());
        map.put("--batch-size", c -> c.data().batchSize());
        map.put("--mixture-std", c -> c.data().mixtureStd());
        map.put("--arch", c -> c.model().architecture().id());
        map.put("--noise", c -> c.model().noise().id());
        map.put("--latent-dim", c -> c.model().latentDim());
        map.put("--hidden-width", c -> c.model().hiddenWidth());
        map.put("--hidden-layers", c -> c.model().hiddenLayers());
        map.put("--batch-norm", c -> c.model().generatorBatchNorm());
        map.put("--maxout-pieces", c -> c.model().maxoutPieces());
        map.put("--steps", c -> c.loop().steps());
        map.put("--k", c -> c.loop().discriminatorSteps());
        map.put("--loss", c -> c.loop().loss().id());
        map.put("--optimizer", c -> c.loop().generatorOptimizer().kind().id());
        map.put("--lr-g", c -> c.loop().generatorOptimizer().learningRate());
        map.put("--lr-d", c -> c.loop().discriminatorOptimizer().learningRate());
        map.put("--beta1", c -> c.loop().generatorOptimizer().beta1());
        map.put("--beta2", c -> c.loop().discriminatorOptimizer().beta2());
        map.put("--momentum", c -> c.loop().generatorOptimizer().momentum());
        map.put("--lr-schedule", c -> c.loop().discriminatorOptimizer().schedule().id());
        map.put("--ema", c -> c.stabilizers().ema());
        map.put("--pack", c -> c.stabilizers().pack());
        map.put("--label-smoothing", c -> c.stabilizers().labelSmoothing());
        map.put("--instance-noise", c -> c.stabilizers().instanceNoise());
        map.put("--weight-clip", c -> c.stabilizers().weightClip());
        map.put("--penalty", c -> c.penalty() == null ? "none" : c.penalty().kind().id());
        map.put("--penalty-estimator", c -> c.penalty() == null ? "exact"
                : c.penalty().estimator().id());
        map.put("--log-every", c -> c.cadence().logEvery());
        map.put("--sample-every", c -> c.cadence().sampleEvery());
        map.put("--checkpoint-every", c -> c.cadence().checkpointEvery());
        map.put("--keep-checkpoints", c -> c.reliability().keepCheckpoints());
        map.put("--keep-best", c -> c.reliability().keepBest().id());
        map.put("--on-divergence", c -> c.reliability().onDivergence().id());
        map.put("--max-rollbacks", c -> c.reliability().maxRollbacks());
        map.put("--rollback-lr-factor", c -> c.reliability().rollbackFactor());
        return map;
    }

    /** Each kind of run: its flags, and the help's case labels that apply to it. */
    @DataProvider
    public Object[][] kinds() {
        return new Object[][] {
            {new String[] {}, Set.of("rings")},
            {new String[] {"--dataset", "gaussian1d"}, Set.of()},
            {new String[] {"--dataset", "grid25"}, Set.of("grids")},
            {new String[] {"--dataset", "ring:12"}, Set.of("rings")},
            {new String[] {"--dataset", "fashion-mnist"},
                Set.of("images", "IDX collections", "dcgan")},
            {new String[] {"--dataset", "fashion-mnist", "--arch", "paper-mlp"},
                Set.of("images", "IDX collections", "paper-mlp")},
            {new String[] {"--dataset", "folder:/no/such/folder"},
                Set.of("images", "image folders", "dcgan")},
            {new String[] {"--loss", "wasserstein"}, Set.of("rings", "the wasserstein loss")},
            {new String[] {"--dataset", "fashion-mnist", "--loss", "wasserstein"},
                Set.of("images", "IDX collections", "dcgan", "the wasserstein loss")},
            {new String[] {"--loss", "wasserstein", "--penalty", "wgan-gp"},
                Set.of("rings", "the wasserstein loss", "the wasserstein loss with wgan-gp")},
            {new String[] {"--dataset", "fashion-mnist", "--loss", "wasserstein", "--penalty",
                "wgan-gp"}, Set.of("images", "IDX collections", "dcgan", "the wasserstein loss",
                    "the wasserstein loss with wgan-gp")},
            {new String[] {"--penalty", "r1"}, Set.of("rings", "r1 on built-in data")},
        };
    }

    @Test(dataProvider = "kinds")
    public void helpStatesTheDefaultsEachKindOfRunGets(String[] flags, Set<String> labels)
            throws IOException {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setUsageHelpWidth(400);
        String help = commandLine.getUsageMessage().replaceAll("\\s+", " ");
        CommandLine.ParseResult given = commandLine.parseArgs(flags);
        TrainingConfig config = command.settings();
        int compared = 0;
        int skipped = 0;
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            String description = String.join(" ", option.description());
            Matcher stated = DEFAULT.matcher(description);
            if (!VALUE_OF.containsKey(option.longestName())) {
                continue;
            }
            if (given.hasMatchedOption(option)) {
                skipped++; // given, so its default does not apply
                continue;
            }
            assertTrue(stated.find(), option.longestName() + " states no default: " + description);
            assertTrue(help.contains(stated.group()), "help lacks " + stated.group());
            String expected = applicable(stated.group(1), labels);
            Object actual = VALUE_OF.get(option.longestName()).apply(config);
            assertSame(option.longestName() + " " + Arrays.toString(flags), expected, actual);
            compared++;
        }
        assertEquals(compared + skipped, VALUE_OF.size());
        assertEquals(skipped, flags.length / 2);
    }

    /** The stated --penalty-weight is the weight each penalty gets on each kind of data. */
    @DataProvider
    public Object[][] penalties() {
        return new Object[][] {
            {new String[] {"--penalty", "r1"}, Set.of("rings", "r1 on built-in data")},
            {new String[] {"--penalty", "r1", "--dataset", "fashion-mnist"}, Set.of()},
            {new String[] {"--penalty", "r2"}, Set.of()},
            {new String[] {"--penalty", "wgan-gp", "--loss", "wasserstein"}, Set.of()},
            {new String[] {"--penalty", "dragan", "--dataset", "grid25"}, Set.of()},
        };
    }

    @Test(dataProvider = "penalties")
    public void penaltyWeightDefaultIsTheOneEachPenaltyGets(String[] flags, Set<String> labels)
            throws IOException {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs(flags);
        String description = String.join(" ",
                commandLine.getCommandSpec().findOption("--penalty-weight").description());
        Matcher stated = DEFAULT.matcher(description);
        assertTrue(stated.find(), description);
        assertSame(Arrays.toString(flags), applicable(stated.group(1), labels),
                command.settings().penalty().weight());
    }

    @Test
    public void finalMomentumDefaultIsTheOneARampGets() throws IOException {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs("--optimizer", "sgd", "--momentum-ramp", "10");
        OptimizerConfig optimizer = command.settings().loop().generatorOptimizer();
        String description =
                String.join(" ", commandLine.getCommandSpec()
                        .findOption("--final-momentum").description());
        Matcher stated = DEFAULT.matcher(description);
        assertTrue(stated.find(), description);
        assertSame("--final-momentum", stated.group(1), optimizer.finalMomentum());
    }

    /**
     * Picks the stated default for a run: "A for L1, B for L2 or L3, otherwise C": the first case
     * whose label applies, else the last.
     */
    private static String applicable(String stated, Set<String> labels) {
        String[] cases = stated.split(", ");
        for (String c : cases) {
            if (c.startsWith("otherwise ")) {
                return c.substring("otherwise ".length());
            }
            int split = c.indexOf(" for ");
            if (split < 0) {
                return c;
            }
            for (String label : c.substring(split + " for ".length()).split(" or ")) {
                if (labels.contains(label)) {
                    return c.substring(0, split);
                }
            }
        }
        throw new AssertionError("no case of '" + stated + "' applies to " + labels);
    }

    private static void assertSame(String what, String stated, Object actual) {
        if (actual instanceof Number number) {
            assertEquals(number.doubleValue(), Double.parseDouble(stated), 0.0, what);
        } else {
            assertEquals(String.valueOf(actual), stated, what);
        }
    }
}
