package io.github.djlgan.engine.tests;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * The DCGAN critic with layer norm, which a gradient penalty brings (WGAN-GP, section 4): each
 * sample is judged alone, the penalty's second backward pass runs through layer norm on PyTorch
 * and its gradient matches finite differences, a resumed penalised DCGAN run equals the straight
 * one, the batch-norm D's checkpoint is refused by the layer-norm D, and MXNet refuses the
 * penalty before training.
 */
public class DcganLayerNormTest {

    private static final int BATCH = 8;

    private Path data;

    @BeforeClass
    public void writeImages() throws Exception {
        data = ImageFixtures.writeCollection(Files.createTempDirectory("layer-norm"), 64, 16, 3);
    }

    @AfterClass(alwaysRun = true)
    public void deleteImages() throws Exception {
        ImageFixtures.deleteTree(data);
    }

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    private TrainingConfig config(String engine, PenaltyConfig penalty) {
        return TrainingConfig.builder()
                .optRuntime(b -> b.optEngine(engine))
                .optData(b -> b.optDataset("fashion-mnist"))
                .optData(b -> b.optDataDir(data.toString()))
                .optData(b -> b.optBatchSize(BATCH))
                .optModel(b -> b.optHiddenWidth(8))
                .optModel(b -> b.optLatentDim(8))
                .optLoop(b -> b.optLoss(penalty != null && penalty.kind() == PenaltyKind.WGAN_GP
                        ? LossKind.WASSERSTEIN : LossKind.NON_SATURATING))
                .optPenalty(penalty)
                .optSeed(4)
                .build();
    }

    private static List<Block> layers(Block block) {
        List<Block> all = new ArrayList<>();
        for (var child : block.getChildren().values()) {
            all.add(child);
            all.addAll(layers(child));
        }
        return all;
    }

    /**
     * With a penalty D has layer norm and no batch norm, with gain and bias over (C, H, W) =
     * (2f, 7, 7); a sample's logit is the same whichever samples share its minibatch (relative
     * 1e-5, float rounding), which the batch-norm D of an unpenalised run does not give.
     */
    @Test(dataProvider = "engines")
    public void layerNormJudgesEachSampleAlone(String engine) {
        Engine.getEngine(engine).setRandomSeed(3);
        TrainingConfig penalised = config(engine,
                PenaltyConfig.of(PenaltyKind.WGAN_GP));
        try (GanModels models = GanSetup.models(penalised, Device.cpu())) {
            Block block = models.discriminator().getBlock();
            List<Block> all = layers(block);
            assertTrue(all.stream().anyMatch(LayerNorm.class::isInstance), all.toString());
            assertFalse(all.stream().anyMatch(BatchNorm.class::isInstance), all.toString());
            Parameter gain = block.getParameters().values().stream()
                    .filter(p -> p.getName().equals("gamma")).findFirst().orElseThrow();
            assertEquals(gain.getArray().getShape(), new Shape(16, 7, 7));
            assertTrue(sameLogitInAnyMinibatch(models), "layer norm mixed the samples");
        }
        try (GanModels models = GanSetup.models(config(engine, null), Device.cpu())) {
            assertTrue(layers(models.discriminator().getBlock()).stream()
                    .anyMatch(BatchNorm.class::isInstance));
            assertFalse(sameLogitInAnyMinibatch(models), "batch norm should mix the samples");
        }
    }

    /**
     * D's logit of sample 0 in two minibatches that share only that sample, in training mode (in
     * a gradient collector, as MXNet's batch norm requires).
     */
    private static boolean sameLogitInAnyMinibatch(GanModels models) {
        Block block = models.discriminator().getBlock();
        try (NDManager step = models.discriminator().getNDManager().newSubManager();
                GradientCollector collector = step.getEngine().newGradientCollector()) {
            Random random = new Random(9);
            Shape shape = new Shape(BATCH, 1, 28, 28);
            float[] first = gaussian(random, shape.size());
            float[] second = gaussian(random, shape.size());
            System.arraycopy(first, 0, second, 0, 28 * 28);
            ParameterStore store = new ParameterStore(step, false);
            float a = block.forward(store, new NDList(step.create(first, shape)), true)
                    .singletonOrThrow().toFloatArray()[0];
            float b = block.forward(store, new NDList(step.create(second, shape)), true)
                    .singletonOrThrow().toFloatArray()[0];
            return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a));
        }
    }

    private static float[] gaussian(Random random, long size) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /**
     * R1 through the layer-norm D on PyTorch: the derivative of the penalty along its own gradient
     * with respect to layer norm's gain and bias, taken by central differences with step h = 1e-2,
     * equals that gradient's norm. The difference quotient's error is O(h^2) (about 1e-4 of the
     * derivative at these scales) plus float rounding of the penalty, about 1e-7 P / h; 1e-2
     * relative is well above both and far below what a missing second-order term would change
     * (the penalty's gradient through layer norm is the part a first-order pass would lose).
     */
    @Test
    public void penaltysGradientThroughLayerNormMatchesFiniteDifferences() {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        TrainingConfig config = config("PyTorch", PenaltyConfig.of(PenaltyKind.R1));
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GradientPenalty penalty =
                        GradientPenalties.create(config.penalty(), models, BATCH, 7)) {
            Block block = models.discriminator().getBlock();
            List<Parameter> norm = block.getParameters().values().stream()
                    .filter(p -> p.getName().equals("gamma") || p.getName().equals("beta"))
                    .toList();
            assertEquals(norm.size(), 2);
            // Gains and biases away from their initial 1 and 0, so both matter.
            Random random = new Random(5);
            for (Parameter parameter : norm) {
                float[] values = gaussian(random, parameter.getArray().size());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (parameter.getName().equals("gamma") ? 1 : 0) + 0.3f * values[i];
                }
                parameter.getArray().set(values);
            }
            float[] real = gaussian(new Random(6), (long) BATCH * 28 * 28);
            List<float[]> gradient = new ArrayList<>();
            double value = r1(models, penalty, real, gradient, norm);
            assertTrue(value > 0 && Double.isFinite(value), "penalty " + value);
            double norm2 = 0;
            for (float[] g : gradient) {
                for (float entry : g) {
                    norm2 += (double) entry * entry;
                }
            }
            double length = Math.sqrt(norm2);
            assertTrue(length > 1e-3, "gradient through layer norm vanished: " + length);
            double h = 1e-2;
            double up = shifted(models, penalty, real, norm, gradient, h / length);
            double down = shifted(models, penalty, real, norm, gradient, -h / length);
            double quotient = (up - down) / (2 * h);
            assertEquals(quotient, length, 1e-2 * length, "finite difference against |grad|");
        }
    }

    /** The penalty at parameters moved by {@code scale * gradient}, then moved back. */
    private static double shifted(
            GanModels models,
            GradientPenalty penalty,
            float[] real,
            List<Parameter> norm,
            List<float[]> gradient,
            double scale) {
        List<float[]> saved = new ArrayList<>();
        for (int p = 0; p < norm.size(); p++) {
            float[] values = norm.get(p).getArray().toFloatArray();
            saved.add(values.clone());
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (scale * gradient.get(p)[i]);
            }
            norm.get(p).getArray().set(values);
        }
        double value = r1(models, penalty, real, null, norm);
        for (int p = 0; p < norm.size(); p++) {
            norm.get(p).getArray().set(saved.get(p));
        }
        return value;
    }

    /** The R1 term at real points, and its gradient on {@code norm} when {@code into} is given. */
    private static double r1(
            GanModels models,
            GradientPenalty penalty,
            float[] real,
            List<float[]> into,
            List<Parameter> norm) {
        Block block = models.discriminator().getBlock();
        try (NDManager step = models.discriminator().getNDManager().newSubManager()) {
            Function<NDList, NDArray> d =
                    input -> block.forward(new ParameterStore(step, false), input, true)
                            .singletonOrThrow();
            for (Parameter parameter : block.getParameters().values()) {
                if (parameter.requiresGradient()) {
                    parameter.getArray().getGradient().subi(parameter.getArray().getGradient());
                }
            }
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDList realInput = new NDList(step.create(real, new Shape(BATCH, 1, 28, 28)));
                NDArray term = penalty.penalty(
                        d, realInput, realInput, d.apply(realInput), d.apply(realInput));
                collector.backward(term);
                if (into != null) {
                    for (Parameter parameter : norm) {
                        into.add(parameter.getArray().getGradient().toFloatArray());
                    }
                }
                return term.getFloat();
            }
        }
    }

    private static float[][] discriminatorValues(GanModels models) {
        return models.discriminator().getBlock().getParameters().values().stream()
                .map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
    }

    /**
     * Training 2N steps of a WGAN-GP DCGAN straight, and N steps, a checkpoint and N more in fresh
     * models, end with the same critic (1e-6): the layer-norm D saves and loads its parameters,
     * and its checkpoint passes the parameter-file check that a batch-norm D's fails.
     */
    @Test
    public void resumedWganGpDcganEqualsTheStraightOneAndBatchNormFilesAreRefused()
            throws Exception {
        TrainingConfig config = config("PyTorch", PenaltyConfig.of(PenaltyKind.WGAN_GP));
        assertEquals(config.loop().discriminatorSteps(), 5);
        Path initial = Files.createTempDirectory("layer-norm-initial");
        float[][] straight;
        try (GanModels models = PenalisedTrainingTest.models(config, initial);
                GanTrainer trainer = trainer(config, models)) {
            trainer.fit(4, List.of());
            straight = discriminatorValues(models);
        }
        CheckpointStore store = new CheckpointStore(Files.createTempDirectory("layer-norm"), 2);
        try (GanModels models = PenalisedTrainingTest.models(config, initial);
                GanTrainer trainer = trainer(config, models)) {
            trainer.fit(2, List.of());
            store.write(trainer.step(), "dcgan", trainer.checkpointParts());
        }
        Checkpoint checkpoint = store.latest().orElseThrow();
        try (GanModels models = PenalisedTrainingTest.models(config, initial)) {
            models.loadParameters(checkpoint.directory());
            try (GanTrainer trainer = trainer(config, models)) {
                trainer.restore(checkpoint);
                trainer.fit(4, List.of());
                float[][] resumed = discriminatorValues(models);
                for (int p = 0; p < straight.length; p++) {
                    assertEquals(resumed[p], straight[p], 1e-6f, "parameter " + p);
                }
            }
        }
        Path plain = Files.createTempDirectory("batch-norm");
        try (GanModels batchNorm = GanSetup.models(config("PyTorch", null), Device.cpu())) {
            batchNorm.saveParameters(plain);
        }
        try (GanModels layerNorm = GanSetup.models(config, Device.cpu())) {
            String message = expectThrows(InvalidInputException.class,
                    () -> layerNorm.loadParameters(plain)).getMessage();
            assertTrue(message.contains("does not hold this"), message);
        }
    }

    private static GanTrainer trainer(TrainingConfig config, GanModels models) throws Exception {
        return GanSetup.trainer(config, models,
                GanSetup.realData(config, models, GanSetup.images(config, Dataset.Usage.TRAIN)),
                Optional.of(config.penalty()));
    }

    /** On MXNet every penalty on the DCGAN critic is refused before training, in one message. */
    @Test
    public void mxnetRefusesThePenalisedDcganCritic() {
        for (PenaltyKind kind : PenaltyKind.values()) {
            TrainingConfig config = config("MXNet", PenaltyConfig.of(kind));
            try (GanModels models = GanSetup.models(config, Device.cpu())) {
                String message = expectThrows(InvalidInputException.class,
                        () -> GradientPenalties.create(config.penalty(), models, BATCH, 1).close())
                        .getMessage();
                assertTrue(message.contains("MXNet") && message.contains("layer")
                        && message.contains("PyTorch") && !message.contains("\n"), message);
                System.out.println("MXNet refusal (" + kind + "): " + message);
            }
        }
    }
}
