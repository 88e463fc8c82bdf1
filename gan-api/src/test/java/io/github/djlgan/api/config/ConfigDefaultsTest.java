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
        assertEquals(ConfigDefaults.STEPS.describe(),
                "Default: 2000 for images, 80000 for grids, otherwise 10000.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::schedule),
                "Default: constant for the wasserstein loss or images, otherwise linear.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::beta1),
                "Default: 0 for the wasserstein loss with wgan-gp, otherwise 0.5.");
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::learningRate),
                "Default: 1e-4 for the wasserstein loss with wgan-gp, 5e-5 for the wasserstein"
                        + " loss, 2e-4 for images, otherwise 1e-3.");
        // WGAN-GP lies within the Wasserstein loss: where both give the same (the constant
        // schedule above) it is not named, where they differ (the kind) it is.
        assertEquals(ConfigDefaults.OPTIMIZER.describe(OptimizerConfig::kind),
                "Default: adam for the wasserstein loss with wgan-gp, rmsprop for the wasserstein"
                        + " loss, otherwise adam.");
    }

    /**
     * The grids train with R1 (gamma 1, exact on every engine), G's weight average and 80,000
     * steps; a penalty set by hand, none included, and the Wasserstein loss keep theirs.
     */
    @Test
    public void gridsTrainWithR1AndAWeightAverage() {
        TrainingConfig grid = TrainingConfig.builder()
                .optData(d -> d.optDataset("grid25")).optSeed(1).build();
        assertEquals(grid.penalty(), new PenaltyConfig(PenaltyKind.R1, 1.0, 1,
                PenaltyEstimator.EXACT));
        assertEquals(grid.stabilizers().ema(), 0.999);
        assertEquals(grid.loop().steps(), 80_000L);
        TrainingConfig mxnet = TrainingConfig.builder()
                .optRuntime(r -> r.optEngine("mxnet"))
                .optData(d -> d.optDataset("grid:4")).optSeed(1).build();
        assertEquals(mxnet.penalty().estimator(), PenaltyEstimator.EXACT);
        TrainingConfig none = TrainingConfig.builder()
                .optData(d -> d.optDataset("grid25"))
                .optPenalty((PenaltyConfig) null).optSeed(1).build();
        assertNull(none.penalty());
        TrainingConfig r2 = TrainingConfig.builder()
                .optData(d -> d.optDataset("grid25"))
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.R2)).optSeed(1).build();
        assertEquals(r2.penalty().kind(), PenaltyKind.R2);
        TrainingConfig wasserstein = TrainingConfig.builder()
                .optData(d -> d.optDataset("grid25"))
                .optLoop(l -> l.optLoss(LossKind.WASSERSTEIN)).optSeed(1).build();
        assertNull(wasserstein.penalty());
        TrainingConfig ring = TrainingConfig.builder().optSeed(1).build();
        assertNull(ring.penalty());
        assertEquals(ring.stabilizers().ema(), 0.0);
        TrainingConfig ringMxnet = TrainingConfig.builder()
                .optRuntime(r -> r.optEngine("MXNet"))
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.R1)).optSeed(1).build();
        assertEquals(ringMxnet.penalty().estimator(), PenaltyEstimator.EXACT);
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

    /** WGAN-GP's own settings (Gulrajani et al. 2017, Algorithm 1) where loss and penalty say so. */
    @Test
    public void wassersteinWithWganGpGetsThePapersSettings() {
        TrainingConfig wganGp = TrainingConfig.builder()
                .optLoop(l -> l.optLoss(LossKind.WASSERSTEIN))
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.WGAN_GP))
                .optSeed(1)
                .build();
        for (OptimizerConfig optimizer : java.util.List.of(
                wganGp.loop().generatorOptimizer(), wganGp.loop().discriminatorOptimizer())) {
            assertEquals(optimizer.kind(), OptimizerKind.ADAM);
            assertEquals(optimizer.learningRate(), 1e-4);
            assertEquals(optimizer.beta1(), 0.0);
            assertEquals(optimizer.beta2(), 0.9);
            assertEquals(optimizer.schedule(), LearningRateSchedule.CONSTANT);
        }
        assertEquals(wganGp.loop().discriminatorSteps(), 5);
        assertEquals(wganGp.stabilizers().weightClip(), 0.0);
        assertEquals(wganGp.penalty().weight(), 10.0);
        assertTrue(ConfigDefaults.OPTIMIZER.resolve(wganGp.basis()).reason().contains("Gulrajani"));
        // The plain WGAN keeps RMSProp and clipping; wgan-gp on another loss keeps that loss's.
        TrainingConfig wgan = TrainingConfig.builder()
                .optLoop(l -> l.optLoss(LossKind.WASSERSTEIN)).optSeed(1).build();
        assertEquals(wgan.loop().generatorOptimizer(), OptimizerConfig.rmsprop(5e-5));
        assertEquals(wgan.stabilizers().weightClip(), Stabilizers.WASSERSTEIN_CLIP);
        TrainingConfig gpOnly = TrainingConfig.builder()
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.WGAN_GP))
                .optSeed(1).build();
        assertEquals(gpOnly.loop().generatorOptimizer(),
                ConfigDefaults.OPTIMIZER.value(ConfigDefaults.Basis.of(null, null, null)));
    }

    @Test
    public void anExplicitWeightClipWithWganGpIsRefused() {
        String message = org.testng.Assert.expectThrows(
                io.github.djlgan.api.InvalidInputException.class,
                () -> TrainingConfig.builder()
                        .optLoop(l -> l.optLoss(LossKind.WASSERSTEIN))
                        .optPenalty(PenaltyConfig.of(PenaltyKind.WGAN_GP))
                        .optStabilizers(s -> s.optWeightClip(0.01))
                        .optSeed(1)
                        .build())
                .getMessage();
        assertTrue(message.contains("weightClip") && message.contains("wgan-gp"), message);
        // Clipping with another penalty stays allowed: only WGAN-GP replaces it.
        TrainingConfig r1 = TrainingConfig.builder()
                .optLoop(l -> l.optLoss(LossKind.WASSERSTEIN))
                .optPenalty(PenaltyConfig.of(PenaltyKind.R1))
                .optSeed(1)
                .build();
        assertEquals(r1.stabilizers().weightClip(), Stabilizers.WASSERSTEIN_CLIP);
    }

    /** R1's gamma on the built-in distributions is the measured one; images keep the paper's. */
    @Test
    public void penaltyWeightsComeFromTheTableForTheRunsData() {
        TrainingConfig ring = TrainingConfig.builder()
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.R1)).optSeed(1).build();
        assertEquals(ring.penalty().weight(),
                ConfigDefaults.PENALTY_WEIGHT.cases().get(0).value());
        TrainingConfig fashion = TrainingConfig.builder()
                .optData(d -> d.optDataset("fashion-mnist"))
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.R1)).optSeed(1).build();
        assertEquals(fashion.penalty().weight(), 10.0);
        TrainingConfig dragan = TrainingConfig.builder()
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.DRAGAN)).optSeed(1).build();
        assertEquals(dragan.penalty().weight(), 10.0);
        TrainingConfig explicit = TrainingConfig.builder()
                .optPenalty(PenaltyConfig.builder().setKind(PenaltyKind.R1).optWeight(3))
                .optSeed(1).build();
        assertEquals(explicit.penalty().weight(), 3.0);
        // A configuration read back keeps its resolved weight.
        assertEquals(TrainingConfig.fromJson(ring.toJson()), ring);
    }
}
