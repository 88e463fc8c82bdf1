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
import ai.djl.training.ParameterStore;

import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.engine.EngineQuirks;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class DcganNetworksTest {

    @DataProvider
    public Object[][] shapes() {
        Object[][] rows = new Object[12][];
        int i = 0;
        for (String engine : new String[] {"PyTorch", "MXNet"}) {
            for (int size : new int[] {28, 32, 64}) {
                for (int channels : new int[] {1, 3}) {
                    rows[i++] = new Object[] {engine, size, channels};
                }
            }
        }
        return rows;
    }

    @Test(dataProvider = "shapes")
    public void generatorMakesImagesAndDiscriminatorOneLogitEach(
            String engine, int size, int channels) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            Block generator = DcganNetworks.generator(size, channels, 8, multiple(engine));
            Block discriminator = DcganNetworks.discriminator(size, channels, 8);
            generator.initialize(manager, DataType.FLOAT32, new Shape(3, 100));
            discriminator.initialize(manager, DataType.FLOAT32, new Shape(3, channels, size, size));
            NDArray images =
                    generator
                            .forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.randomNormal(new Shape(3, 100))),
                                    false)
                            .singletonOrThrow();
            assertEquals(images.getShape(), new Shape(3, channels, size, size));
            assertTrue(images.abs().max().getFloat() <= 1f, "tanh output");
            NDArray logits =
                    discriminator
                            .forward(new ParameterStore(manager, false), new NDList(images), false)
                            .singletonOrThrow();
            assertEquals(logits.getShape(), new Shape(3, 1));
        }
    }

    /**
     * Batch norm normalises with the batch's statistics in training and with its running
     * statistics at inference: an image generated alone equals the same image generated in a batch
     * at inference, but not in training, where the batch shifts it.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void batchNormUsesBatchStatisticsOnlyInTraining(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            Block generator = DcganNetworks.generator(28, 1, 16, multiple(engine));
            generator.initialize(manager, DataType.FLOAT32, new Shape(8, 16));
            NDArray batch = manager.randomNormal(new Shape(8, 16));
            NDArray first = batch.get("0:1");
            for (boolean training : new boolean[] {false, true}) {
                float[] alone;
                float[] inBatch;
                if (training) {
                    // MXNet runs batch norm in training mode only while a collector records.
                    try (ai.djl.training.GradientCollector collector =
                            Engine.getEngine(engine).newGradientCollector()) {
                        alone = generate(generator, manager, first.repeat(0, 2), true);
                        inBatch = generate(generator, manager, batch, true);
                    }
                } else {
                    alone = generate(generator, manager, first, false);
                    inBatch = generate(generator, manager, batch, false);
                }
                double difference = 0;
                for (int i = 0; i < 784; i++) {
                    difference = Math.max(difference, Math.abs(alone[i] - inBatch[i]));
                }
                if (training) {
                    assertTrue(difference > 1e-3, "training mode ignored the batch: " + difference);
                } else {
                    assertTrue(difference < 1e-5, "inference depended on the batch: " + difference);
                }
            }
        }
    }

    private static float[] generate(
            Block generator, NDManager manager, NDArray latent, boolean training) {
        return generator
                .forward(new ParameterStore(manager, false), new NDList(latent), training)
                .singletonOrThrow()
                .toFloatArray();
    }

    /**
     * ConvTranspose2d's gradients with respect to its input and its weights, from the engine's backward
     * pass, match the derivatives measured by central differences along random directions (the
     * layer is linear in each, so the differences are exact but for rounding). With one filter the
     * convolution inside has four output channels, the case an engine bug gets wrong.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void transposedConvolutionBackwardMatchesFiniteDifferences(String engine) {
        for (int filters : new int[] {16, 1}) {
            Shape shape = new Shape(2, 8, 4, 4);
            SplittableRandom random = new SplittableRandom(11);
            float[] values = gaussian(random, (int) shape.size());
            float[] mix = gaussian(random, 2 * filters * 8 * 8);
            try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
                ConvTranspose2d block = new ConvTranspose2d(filters, multiple(engine));
                block.initialize(manager, DataType.FLOAT32, shape);
                NDArray kernel = block.getParameters().get("weight").getArray();
                float[] kernelValues = kernel.toFloatArray();
                Shape kernelShape = kernel.getShape();
                NDArray weights = manager.create(mix, new Shape(2, filters, 8, 8));
                NDArray input = manager.create(values, shape);
                input.setRequiresGradient(true);
                try (ai.djl.training.GradientCollector collector =
                        Engine.getEngine(engine).newGradientCollector()) {
                    collector.backward(
                            objective(block, manager, input, true).mul(weights).sum());
                }
                float[] inputGradient = input.getGradient().toFloatArray();
                float[] kernelGradient = kernel.getGradient().toFloatArray();
                for (int trial = 0; trial < 3; trial++) {
                    float[] direction = gaussian(random, values.length);
                    NDArray plus = shifted(values, direction, 0.5f, shape, manager);
                    NDArray minus = shifted(values, direction, -0.5f, shape, manager);
                    double numeric =
                            weighted(block, plus, weights) - weighted(block, minus, weights);
                    assertEquals(
                            dot(inputGradient, direction),
                            numeric,
                            1e-3 * Math.max(1, Math.abs(numeric)),
                            filters + " filters, input");
                }
                NDArray fixedInput = manager.create(values, shape);
                for (int trial = 0; trial < 3; trial++) {
                    float[] direction = gaussian(random, kernelValues.length);
                    // In place, as an optimiser writes weights (MXNet refuses a host copy into
                    // an array its MKL-DNN kernels have used).
                    kernel.muli(0)
                            .addi(shifted(kernelValues, direction, 0.5f, kernelShape, manager));
                    float plus = weighted(block, fixedInput, weights);
                    kernel.muli(0)
                            .addi(shifted(kernelValues, direction, -0.5f, kernelShape, manager));
                    double numeric = plus - weighted(block, fixedInput, weights);
                    assertEquals(
                            dot(kernelGradient, direction),
                            numeric,
                            1e-3 * Math.max(1, Math.abs(numeric)),
                            filters + " filters, weights");
                }
            }
        }
    }

    /** The objective of the finite differences: sum(ConvTranspose2d(input) * weights), at inference. */
    private static float weighted(ConvTranspose2d block, NDArray input, NDArray weights) {
        return objective(block, input.getManager(), input, false).mul(weights).sum().getFloat();
    }

    private static NDArray shifted(
            float[] values, float[] direction, float step, Shape shape, NDManager manager) {
        return manager.create(along(values, direction, step), shape);
    }

    private static float[] along(float[] values, float[] direction, float step) {
        float[] moved = values.clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += step * direction[i];
        }
        return moved;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static NDArray objective(
            ConvTranspose2d block, NDManager manager, NDArray input, boolean training) {
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

    /**
     * ConvTranspose2d with weights W equals the textbook transposed convolution (kernel 4, stride 2,
     * padding 1) with kernel K[ci][co][ky][kx] = W[(2a + b) F + co][ci][i][j], where ky = 3 - a -
     * 2i and kx = 3 - b - 2j, computed here by its definition: every input pixel scatters its value
     * times the kernel into the output.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void convTranspose2dIsATransposedConvolution(String engine) {
        int in = 2;
        int out = 3;
        int side = 3;
        float[] input = new float[in * side * side];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            ConvTranspose2d block = new ConvTranspose2d(out, multiple(engine));
            block.initialize(manager, DataType.FLOAT32, new Shape(1, in, side, side));
            float[] weight = block.getParameters().get("weight").getArray().toFloatArray();
            float[] result =
                    block.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.create(input, new Shape(1, in, side, side))),
                                    false)
                            .singletonOrThrow()
                            .toFloatArray();

            int outSide = 2 * side;
            double[] expected = new double[out * outSide * outSide];
            for (int ci = 0; ci < in; ci++) {
                for (int iy = 0; iy < side; iy++) {
                    for (int ix = 0; ix < side; ix++) {
                        double value = input[(ci * side + iy) * side + ix];
                        for (int co = 0; co < out; co++) {
                            for (int ky = 0; ky < 4; ky++) {
                                for (int kx = 0; kx < 4; kx++) {
                                    int oy = 2 * iy - 1 + ky;
                                    int ox = 2 * ix - 1 + kx;
                                    if (oy < 0 || ox < 0 || oy >= outSide || ox >= outSide) {
                                        continue;
                                    }
                                    int a = (3 - ky) % 2;
                                    int i = (3 - ky) / 2;
                                    int b = (3 - kx) % 2;
                                    int j = (3 - kx) / 2;
                                    int filter = (2 * a + b) * out + co;
                                    double k = weight[((filter * in + ci) * 2 + i) * 2 + j];
                                    expected[(co * outSide + oy) * outSide + ox] += value * k;
                                }
                            }
                        }
                    }
                }
            }
            assertEquals(result.length, expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(result[i], expected[i], 1e-4, "output " + i);
            }
        }
    }

    /** The rounding the engine quirks registry decides for the engine, as GanSetup passes it. */
    private static int multiple(String engine) {
        return EngineQuirks.convolutionChannelMultiple(Engine.getEngine(engine));
    }
}
