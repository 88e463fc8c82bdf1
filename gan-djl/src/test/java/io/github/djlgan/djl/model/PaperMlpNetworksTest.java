package io.github.djlgan.djl.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class PaperMlpNetworksTest {

    /**
     * Maxout is the elementwise maximum of its pieces: each output i equals max_j of (x W + b) in
     * column i * pieces + j, computed here on the host from the layer's own parameters.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void maxoutIsTheElementwiseMaxOfItsPieces(String engine) {
        int batch = 3;
        int in = 4;
        int units = 2;
        int pieces = 3;
        float[] input = gaussian(new SplittableRandom(5), batch * in);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            Maxout block = new Maxout(units, pieces);
            block.initialize(manager, DataType.FLOAT32, new Shape(batch, in));
            // A non-zero bias, so that it is checked too.
            block.getParameters().get("bias").getArray().addi(manager.arange(units * pieces * 1f));
            float[] weight = block.getParameters().get("weight").getArray().toFloatArray();
            float[] bias = block.getParameters().get("bias").getArray().toFloatArray();
            NDArray output =
                    forward(block, manager, manager.create(input, new Shape(batch, in)), false);
            assertEquals(output.getShape(), new Shape(batch, units));
            float[] result = output.toFloatArray();
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < units; i++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < pieces; j++) {
                        int column = i * pieces + j;
                        double piece = bias[column];
                        for (int k = 0; k < in; k++) {
                            piece += input[n * in + k] * weight[column * in + k];
                        }
                        best = Math.max(best, piece);
                    }
                    assertEquals(result[n * units + i], best, 1e-5, "sample " + n + " unit " + i);
                }
            }
        }
    }

    /** G makes images in [0, 1] (sigmoid) of the requested shape; D gives one logit each. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void shapesAndTheSigmoidRange(String engine) {
        Shape image = new Shape(1, 28, 28);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            Block generator = PaperMlpNetworks.generator(64, image);
            generator.initialize(manager, DataType.FLOAT32, new Shape(5, 10));
            NDArray images =
                    forward(generator, manager, manager.randomNormal(new Shape(5, 10)), false);
            assertEquals(images.getShape(), new Shape(5, 1, 28, 28));
            assertTrue(images.min().getFloat() >= 0f && images.max().getFloat() <= 1f);

            Block discriminator = PaperMlpNetworks.discriminator(12);
            discriminator.initialize(manager, DataType.FLOAT32, new Shape(5, 1, 28, 28));
            assertEquals(forward(discriminator, manager, images, false).getShape(), new Shape(5, 1));
        }
    }

    /**
     * Dropout acts in training only: D's logits for the same input are identical across inference
     * calls and differ between training calls (half the hidden units dropped at random).
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void dropoutActsOnlyInTraining(String engine) {
        Engine.getEngine(engine).setRandomSeed(9);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            Block discriminator = PaperMlpNetworks.discriminator(40);
            discriminator.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
            NDArray input = manager.create(gaussian(new SplittableRandom(6), 16), new Shape(1, 16));
            float first = forward(discriminator, manager, input, false).getFloat();
            float second = forward(discriminator, manager, input, false).getFloat();
            assertEquals(second, first);

            float a;
            float b;
            // MXNet applies dropout only while a gradient collector records.
            try (GradientCollector collector = Engine.getEngine(engine).newGradientCollector()) {
                a = forward(discriminator, manager, input, true).getFloat();
                b = forward(discriminator, manager, input, true).getFloat();
            }
            assertTrue(a != b, "two training passes dropped the same units: " + a);
        }
    }

    private static NDArray forward(
            Block block, NDManager manager, NDArray input, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), training)
                .singletonOrThrow();
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
