package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class ConfigDefaultsTest {

    @Test
    public void everyCaseHasAReasonAndTheLastAppliesAlways() {
        for (ConfigDefault<?> setting : ConfigDefaults.all()) {
            for (ConfigDefault.Case<?> c : setting.cases()) {
                assertFalse(c.reason().isBlank(), setting.name());
            }
            assertNull(setting.cases().get(setting.cases().size() - 1).when(), setting.name());
        }
    }

    @Test
    public void theFirstCaseThatAppliesWins() {
        ConfigDefaults.Basis fashionWasserstein =
                ConfigDefaults.Basis.of("fashion-mnist", null, LossKind.WASSERSTEIN);
        assertEquals(fashionWasserstein.architecture(), ArchitectureKind.DCGAN);
        ConfigDefaults.Default<OptimizerConfig> optimizer =
                ConfigDefaults.OPTIMIZER.resolve(fashionWasserstein);
        assertEquals(optimizer.value(), OptimizerConfig.rmsprop(5e-5));
        assertTrue(optimizer.reason().contains("Arjovsky"), optimizer.reason());
        ConfigDefaults.Basis ring = ConfigDefaults.Basis.of(null, null, null);
        assertEquals(ConfigDefaults.OPTIMIZER.value(ring),
                OptimizerConfig.adam(1e-3).withSchedule(LearningRateSchedule.LINEAR));
        assertEquals(ConfigDefaults.HIDDEN_WIDTH.value(
                ConfigDefaults.Basis.of("mnist", ArchitectureKind.PAPER_MLP, null)), 1200);
    }

    @Test
    public void describeJoinsEqualNeighboursAndDropsWhatLaterCasesGiveAnyway() {
        assertEquals(ConfigDefaults.STEPS.describe(), "Default: 2000 for images, otherwise 10000.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::schedule),
                "Default: constant for the wasserstein loss or images, otherwise linear.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::beta1), "Default: 0.5.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::learningRate),
                "Default: 5e-5 for the wasserstein loss, 2e-4 for images, otherwise 1e-3.");
    }

    @Test
    public void numbersAreWrittenAsTyped() {
        assertEquals(ConfigDefault.format(1e-3), "1e-3");
        assertEquals(ConfigDefault.format(0.999), "0.999");
        assertEquals(ConfigDefault.format(0.01), "0.01");
        assertEquals(ConfigDefault.format(0.0), "0");
        assertEquals(ConfigDefault.format(10000L), "10000");
    }

    @Test
    public void buildersTakeTheResolvedDefaults() {
        TrainingConfig folder =
                TrainingConfig.builder().optData(d -> d.optDataset("folder:/x")).optSeed(1).build();
        ConfigDefaults.Basis basis = folder.basis();
        assertEquals(folder.cadence().logEvery(), ConfigDefaults.LOG_EVERY.value(basis));
        assertEquals(folder.cadence().logEvery(), 50);
        assertEquals(folder.data().imageSize(), 64);
        assertEquals(folder.data().channels(), 3);
    }
}
