package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.DatasetSpec;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class TrainingConfigTest {

    @Test
    public void jsonRoundTripKeepsEverySetting() {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine("MXNet"))
                        .optData(d -> d.optDataset("grid25").optBatchSize(64))
                        .optLoop(l -> l
                                .optSteps(1234)
                                .optDiscriminatorSteps(3)
                                .optLoss(LossKind.MINIMAX)
                                .optGeneratorOptimizer(
                                OptimizerConfig.sgd(0.1, 0.5).withMomentumRamp(0.7, 150_000))
                                .optDiscriminatorOptimizer(OptimizerConfig.adam(3e-4)))
                        .optModel(m -> m
                                .optNoise(NoiseKind.UNIFORM)
                                .optLatentDim(5)
                                .optHiddenWidth(32)
                                .optHiddenLayers(3))
                        .optSeed(-987654321012345L)
                        .optCadence(c -> c.optLogEvery(7).optSampleEvery(0).optCheckpointEvery(11))
                        .build();
        assertEquals(TrainingConfig.fromJson(config.toJson()), config);
    }

    @Test
    public void stabilizersRoundTripThroughJson() {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optLoop(l -> l.optLoss(LossKind.LEAST_SQUARES))
                        .optData(d -> d.optBatchSize(64))
                        .optStabilizers(new Stabilizers(true, 0.999, 4, 0.1, 0.05, 0.02))
                        .optSeed(5)
                        .build();
        assertEquals(TrainingConfig.fromJson(config.toJson()), config);
    }

    @Test
    public void wassersteinTakesThePapersCriticSettings() {
        TrainingConfig config =
                TrainingConfig.builder().optLoop(l ->
                        l.optLoss(LossKind.WASSERSTEIN)).optSeed(1).build();
        assertEquals(config.loop().discriminatorSteps(), 5);
        assertEquals(config.loop().discriminatorOptimizer(), OptimizerConfig.rmsprop(5e-5));
        assertEquals(config.loop().generatorOptimizer().kind(), OptimizerKind.RMSPROP);
        assertEquals(config.stabilizers().weightClip(), 0.01);
        // A partial stabilizers object keeps the loss's clipping; what it names, it sets.
        TrainingConfig read =
                TrainingConfig.fromJson(
                        "{\"stabilizers\": {\"ema\": 0.99}, \"loss\": \"wasserstein\"}");
        assertEquals(read.stabilizers().weightClip(), 0.01);
        assertEquals(read.stabilizers().ema(), 0.99);
        TrainingConfig plain = TrainingConfig.builder().optSeed(1).build();
        assertEquals(plain.loop().discriminatorSteps(), 1);
        // The plain run takes no Wasserstein stabiliser; its packing is ring8's default (PacGAN2).
        assertEquals(plain.stabilizers().weightClip(), 0.0);
        assertEquals(plain.stabilizers(),
                Stabilizers.NONE.toBuilder().optPack(ConfigDefaults.PACK.value(plain.basis()))
                        .build(plain.basis()));
    }

    @DataProvider
    public Object[][] impossibleStabilizers() {
        return new Object[][] {
            {"{\"stabilizers\": {\"pack\": 3}}", "pack must divide batchSize"},
            {"{\"stabilizers\": {\"pack\": 0}}", "pack must be at least 1, got 0"},
            {"{\"stabilizers\": {\"ema\": 1}}", "ema must be in [0, 1), got 1.0"},
            {"{\"stabilizers\": {\"instanceNoise\": -1}}", "instanceNoise must be a number >= 0"},
            {"{\"stabilizers\": {\"weightClip\": -0.1}}", "weightClip must be a number >= 0"},
            {"{\"stabilizers\": {\"spectralNorm\": 1}}", "'stabilizers.spectralNorm' must be"},
            {"{\"stabilizers\": {\"emma\": 0.9}}", "Unknown config key 'stabilizers.emma'"},
            {"{\"loss\": \"hinge\", \"stabilizers\": {\"labelSmoothing\": 0.1}}",
                "labelSmoothing applies to minimax, non-saturating and least-squares, not to hinge"},
        };
    }

    @Test(dataProvider = "impossibleStabilizers")
    public void impossibleStabilizersAreNamed(String json, String message) {
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> TrainingConfig.fromJson(json));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    public void missingKeysTakeDefaults() {
        TrainingConfig config = TrainingConfig.fromJson("{\"steps\": 10, \"seed\": 3}");
        TrainingConfig expected = TrainingConfig.builder().optLoop(l ->
                l.optSteps(10)).optSeed(3).build();
        assertEquals(config, expected);
    }

    @Test
    public void seedIsDrawnAndRecordedWhenNotGiven() {
        TrainingConfig first = TrainingConfig.builder().build();
        TrainingConfig second = TrainingConfig.builder().build();
        assertNotEquals(first.seed(), second.seed());
        assertEquals(TrainingConfig.fromJson(first.toJson()).seed(), first.seed());
    }

    @Test
    public void unknownKeyIsAnError() {
        InvalidInputException error =
                expectThrows(
                        InvalidInputException.class,
                        () -> TrainingConfig.fromJson("{\"stepz\": 10}"));
        assertTrue(error.getMessage().contains("'stepz'"), error.getMessage());
        assertTrue(error.getMessage().contains("steps"), error.getMessage());
    }

    @Test
    public void unknownNestedKeyIsAnError() {
        InvalidInputException error =
                expectThrows(
                        InvalidInputException.class,
                        () ->
                                TrainingConfig.fromJson(
                                        "{\"generatorOptimizer\": {\"lr\": 0.1}}"));
        assertTrue(error.getMessage().contains("generatorOptimizer.lr"), error.getMessage());
    }

    @DataProvider
    public Object[][] badJson() {
        return new Object[][] {
            {"not json at all {", "not valid JSON"},
            {"[1, 2]", "must be a JSON object"},
            {"{\"model\": {\"hiddenWidth\": 1000000000}}", "hiddenWidth must be at most 65536"},
            {"{\"model\": {\"latentDim\": 1000000000}}", "latentDim must be at most 65536"},
            {"{\"seed\": 1, \"seed\": 2}", "gives the key 'seed' twice"},
            {"{\"loop\": {\"steps\": 5, \"steps\": 6}}", "gives the key 'steps' twice"},
            {"{\n  // defaults\n  \"seed\": 1\n}", "not valid JSON (comments"},
            {"{\"seed\": 1,}", "not valid JSON"},
            {"{\"steps\": \"many\"}", "'steps' must be an integer"},
            {"{\"steps\": 1.5}", "'steps' must be an integer"},
            {"{\"batchSize\": 0}", "batchSize must be at least 1, got 0"},
            {"{\"latentDim\": 0}", "latentDim must be at least 1, got 0"},
            {"{\"discriminatorSteps\": 0}", "discriminatorSteps must be at least 1, got 0"},
            {"{\"generatorOptimizer\": {\"learningRate\": -0.1}}",
                    "learningRate must be a positive"},
            {"{\"discriminatorOptimizer\": {\"beta1\": 1.0}}", "beta1 must be in [0, 1)"},
            {"{\"loss\": \"wasserstein-ish\"}", "Unknown loss 'wasserstein-ish'"},
            {"{\"dataset\": \"ring9\"}", "Unknown dataset 'ring9'"},
            {"{\"engine\": 5}", "'engine' must be a string"},
            {"{\"dataset\": \"folder:\"}", "needs a path, as in folder:"},
            {"{\"dataset\": \"folder:/x\", \"dataDir\": \"/y\"}", "dataDir does not apply"},
            {"{\"dataset\": \"folder:/x\", \"imageSize\": 48}", "one of [28, 32, 64] for dcgan"},
            {"{\"dataset\": \"folder:/x\", \"channels\": 2}", "channels must be 1 (gray) or 3"},
            {"{\"dataset\": \"fashion-mnist\", \"channels\": 3}", "(its images are grayscale)"},
            {"{\"imageSize\": 32}", "apply to image datasets only"},
            {"{\"generatorOptimizer\": {\"kind\": \"adam\", \"momentumRampUpdates\": 10}}",
                "a momentum ramp needs the sgd optimizer, not adam"},
            {"{\"generatorOptimizer\": {\"kind\": \"sgd\", \"momentumRampUpdates\": -1}}",
                "momentumRampUpdates must be 0 or more, got -1"},
            {"{\"generatorOptimizer\": {\"kind\": \"sgd\", \"finalMomentum\": 1.5}}",
                "finalMomentum must be in [0, 1)"},
        };
    }

    @Test(dataProvider = "badJson")
    public void badConfigGetsOneClearMessage(String json, String expected) {
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> TrainingConfig.fromJson(json));
        assertTrue(
                error.getMessage().contains(expected),
                "message '" + error.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    public void builderRejectsImpossibleValues() {
        assertThrows(
                InvalidInputException.class, () -> TrainingConfig.builder().optLoop(l ->
                        l.optSteps(0)).build());
        assertThrows(
                InvalidInputException.class, () -> OptimizerConfig.adam(Double.NaN));
        assertThrows(
                InvalidInputException.class,
                () -> TrainingConfig.builder().optCadence(c -> c.optSampleEvery(-1)).build());
    }

    @Test
    public void imageFoldersDefaultToDcganOnColourAt64AndIdxCollectionsResize() {
        TrainingConfig folder =
                TrainingConfig.builder().optData(d ->
                        d.optDataset("folder:data/my faces/")).optSeed(1).build();
        assertEquals(folder.model().architecture(), ArchitectureKind.DCGAN);
        assertEquals(folder.data().imageSize(), 64);
        assertEquals(folder.data().channels(), 3);
        assertEquals(folder.data().datasetSpec(), new DatasetSpec.Folder("data/my faces/"));
        assertEquals(folder.data().datasetSpec().label(), "folder-my_faces");
        assertEquals(TrainingConfig.fromJson(folder.toJson()), folder);

        TrainingConfig fashion =
                TrainingConfig.builder().optData(d -> d.optDataset("fashion-mnist")).build();
        assertEquals(fashion.data().imageSize(), 28);
        assertEquals(fashion.data().channels(), 1);
        for (int size : ArchitectureKind.DCGAN_IMAGE_SIZES) {
            assertEquals(
                    fashion.toBuilder().optData(d ->
                            d.optImageSize(size)).build().data().imageSize(),
                    size);
        }
    }

    @Test
    public void seedsSplitDeterministically() {
        assertEquals(RunSeeds.derive(42), RunSeeds.derive(42));
        RunSeeds seeds = RunSeeds.derive(42);
        assertNotEquals(seeds.data(), seeds.noise());
        assertNotEquals(seeds.noise(), seeds.evaluation());
    }
}
