package io.github.djlgan.djl.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

public class MlpNetworksTest {

    /**
     * PacGAN's grid generator: every hidden layer batch-normalised, so that in training each
     * hidden unit's pre-activations over the minibatch have mean 0 and variance 1 before the ReLU
     * (BatchNorm starts with gamma 1, beta 0); a point out per z.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void batchNormalisedGeneratorNormalisesEachHiddenLayer(String engine) {
        SequentialBlock generator = MlpNetworks.generator(16, 3, 2, true);
        long norms = generator.getChildren().values().stream()
                .filter(block -> block instanceof BatchNorm).count();
        assertEquals(norms, 3);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            generator.initialize(manager, DataType.FLOAT32, new Shape(64, 8));
            NDArray z = manager.randomNormal(new Shape(64, 8));
            // MXNet runs batch norm in training mode only while a gradient collector records.
            NDArray normalised;
            try (GradientCollector collector =
                    Engine.getEngine(engine).newGradientCollector()) {
                NDArray points = forward(generator, manager, z, true);
                assertEquals(points.getShape(), new Shape(64, 2));
                // The first Linear and BatchNorm alone: per-unit batch mean 0, variance 1 (to
                // the epsilon 1e-5 BatchNorm adds to the variance).
                SequentialBlock head = new SequentialBlock()
                        .add(generator.getChildren().get(0).getValue())
                        .add(generator.getChildren().get(1).getValue());
                normalised = forward(head, manager, z, true).stopGradient();
            }
            float[] means = normalised.mean(new int[] {0}).toFloatArray();
            float[] variances =
                    normalised.sub(normalised.mean(new int[] {0})).square().mean(new int[] {0})
                            .toFloatArray();
            for (int unit = 0; unit < 16; unit++) {
                assertEquals(means[unit], 0f, 1e-4f, "mean of unit " + unit);
                assertEquals(variances[unit], 1f, 1e-3f, "variance of unit " + unit);
            }
        }
    }

    /** The maxout discriminator: 3 Maxout layers then one logit per sample. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void maxoutDiscriminatorGivesOneLogitPerSample(String engine) {
        SequentialBlock discriminator = MlpNetworks.discriminator(12, 3, 5);
        long maxouts = discriminator.getChildren().values().stream()
                .filter(block -> block instanceof Maxout).count();
        assertEquals(maxouts, 3);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            discriminator.initialize(manager, DataType.FLOAT32, new Shape(10, 2));
            NDArray logits =
                    forward(discriminator, manager, manager.randomNormal(new Shape(10, 2)), false);
            assertEquals(logits.getShape(), new Shape(10, 1));
            assertTrue(logits.abs().sum().getFloat() > 0);
        }
        expectThrows(IllegalArgumentException.class, () -> MlpNetworks.discriminator(12, 3, 1));
    }

    private static NDArray forward(
            Block block, NDManager manager, NDArray input, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), training)
                .singletonOrThrow();
    }
}
