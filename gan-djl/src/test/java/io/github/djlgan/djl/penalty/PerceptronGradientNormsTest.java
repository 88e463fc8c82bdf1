package io.github.djlgan.djl.penalty;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.model.PackedDiscriminator;

import org.testng.annotations.Test;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The perceptron's closed-form input gradient, without any engine module on the class path (so
 * {@link GradientPenalties#create} takes it on both engines): which discriminators it recognises,
 * and that penalised updates leave nothing behind in the model's manager. Its values against
 * double backpropagation and a hand computation are tested in the engine tests (LayerSupportTest,
 * PenaltyHandComputationTest), where the engine modules are present.
 */
public class PerceptronGradientNormsTest {

    private static final int BATCH = 8;

    private static GanModels models(String engine, Block discriminator) {
        Engine.getEngine(engine).setRandomSeed(3);
        return GanModels.create(
                engine,
                Device.cpu(),
                MlpNetworks.perceptron(new int[0], Activation::reluBlock, 2),
                discriminator,
                new Shape(2),
                new Shape(2));
    }

    /**
     * LeakyReLU and ReLU perceptrons, packed or not, are recognised; tanh (not piecewise linear)
     * and maxout (a layer of its own) are not, so the engine's refusal stands for them.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void recognisesPiecewiseLinearPerceptronsOnly(String engine) {
        record Case(String name, Supplier<Block> block, boolean recognised) {}
        Case[] cases = {
            new Case("LeakyReLU", () -> MlpNetworks.discriminator(6, 2), true),
            new Case("ReLU", () -> MlpNetworks.perceptron(new int[] {5}, Activation::reluBlock, 1),
                    true),
            new Case("linear", () -> MlpNetworks.perceptron(new int[0], Activation::reluBlock, 1),
                    true),
            new Case("packed", () -> new PackedDiscriminator(MlpNetworks.discriminator(6, 2), 2),
                    true),
            new Case("tanh", () -> MlpNetworks.perceptron(new int[] {5}, Activation::tanhBlock, 1),
                    false),
            new Case("maxout", () -> MlpNetworks.discriminator(6, 1, 3), false),
            new Case("two outputs",
                    () -> MlpNetworks.perceptron(new int[] {5}, Activation::reluBlock, 2), false),
        };
        for (Case c : cases) {
            Block block = c.block().get();
            try (GanModels models = models(engine, block)) {
                assertEquals(
                        PerceptronGradientNorms.of(block, models.discriminator().getNDManager())
                                .isPresent(),
                        c.recognised(),
                        engine + " " + c.name());
            }
        }
    }

    /**
     * Each penalised D update's arrays belong to the step's manager: after the first update the
     * number of arrays the model's manager holds (its sub-managers included) stays the same. An
     * operation's result joins its first operand's manager, so a product started from a weight
     * would keep one array per update until the run ends (measured before the fix: resident memory
     * grew by about 0.5 MB per step on grid25).
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void penalisedUpdatesLeaveNothingInTheModelsManager(String engine) {
        Block block = new PackedDiscriminator(MlpNetworks.discriminator(6, 2), 2);
        try (GanModels models = models(engine, block);
                GradientPenalty penalty =
                        GradientPenalties.create(
                                PenaltyConfig.of(PenaltyKind.WGAN_GP), models, BATCH, 5)) {
            NDManager manager = models.discriminator().getNDManager();
            Random random = new Random(1);
            int after = -1;
            for (int update = 0; update < 4; update++) {
                try (NDManager step = manager.newSubManager();
                        GradientCollector collector = step.getEngine().newGradientCollector()) {
                    float[] real = new float[2 * BATCH];
                    float[] fake = new float[2 * BATCH];
                    for (int i = 0; i < real.length; i++) {
                        real[i] = (float) random.nextGaussian();
                        fake[i] = (float) random.nextGaussian();
                    }
                    NDList realInput = new NDList(step.create(real, new Shape(BATCH, 2)));
                    NDList fakeInput = new NDList(step.create(fake, new Shape(BATCH, 2)));
                    Function<NDList, NDArray> d =
                            input ->
                                    block.forward(new ParameterStore(step, false), input, true)
                                            .singletonOrThrow();
                    NDArray term =
                            penalty.penalty(
                                    d, realInput, fakeInput, d.apply(realInput),
                                    d.apply(fakeInput));
                    collector.backward(term);
                    assertTrue(Float.isFinite(term.getFloat()) && term.getFloat() > 0,
                            engine + " penalty " + term.getFloat());
                }
                int held = manager.getManagedArrays().size();
                if (after < 0) {
                    after = held;
                } else {
                    assertEquals(held, after, engine + " arrays after update " + update);
                }
            }
        }
    }
}
