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
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

public class SpectralNormTest {

    /** Training forward passes, one power iteration each. */
    private static final int ITERATIONS = 10;

    /**
     * After a few power iterations the normalised weight's largest singular value is 1. The weight
     * W_SN^T is read back as the layer's output on the identity (no bias: zero-initialised), and
     * its singular value is computed on the host by 2,000 power iterations in double precision.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void normalisedLinearWeightHasUnitSpectralNorm(String engine) {
        Engine.getEngine(engine).setRandomSeed(11);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            int in = 8;
            int out = 16;
            SpectralNorm block = new SpectralNorm(Linear.builder().setUnits(out).build());
            block.setInitializer(new NormalInitializer(1f), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, in));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray input = manager.randomNormal(new Shape(4, in));
            for (int i = 0; i < ITERATIONS; i++) {
                block.forward(store, new NDList(input), true);
            }
            NDArray identity = manager.eye(in);
            float[] normalisedTransposed =
                    block.forward(store, new NDList(identity), false)
                            .singletonOrThrow()
                            .toFloatArray();
            double[][] normalised = new double[out][in];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    normalised[o][i] = normalisedTransposed[i * out + o];
                }
            }
            float[] raw = block.layer().getParameters().get("weight").getArray().toFloatArray();
            double rawSigma = largestSingularValue(reshape(raw, out, in));
            assertTrue(rawSigma > 2, "a weight whose norm the test can tell apart: " + rawSigma);
            assertEquals(largestSingularValue(normalised), 1.0, 1e-2);
        }
    }

    /**
     * For a convolution the weight is a matrix of one row per filter: the plain layer's output
     * divided by the normalised layer's is sigma, the largest singular value of that matrix.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void convolutionIsDividedByTheSingularValueOfItsFilterMatrix(String engine) {
        Engine.getEngine(engine).setRandomSeed(12);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            int filters = 16;
            Conv2d conv =
                    Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(filters)
                            .optBias(false)
                            .build();
            SpectralNorm block = new SpectralNorm(conv);
            block.setInitializer(new NormalInitializer(1f), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray input = manager.randomNormal(new Shape(2, 2, 6, 6));
            for (int i = 0; i < ITERATIONS; i++) {
                block.forward(store, new NDList(input), true);
            }
            float[] normalised =
                    block.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
            float[] plain =
                    conv.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
            float[] weight = conv.getParameters().get("weight").getArray().toFloatArray();
            double sigma = largestSingularValue(reshape(weight, filters, weight.length / filters));
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < plain.length; i++) {
                dot += plain[i] * (double) normalised[i];
                norm += normalised[i] * (double) normalised[i];
            }
            // least-squares ratio plain / normalised
            assertEquals(dot / norm / sigma, 1.0, 1e-2);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theSingularVectorIsSavedAndLoadedButTakesNoGradient(String engine)
            throws Exception {
        Engine.getEngine(engine).setRandomSeed(13);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            SequentialBlock network =
                    SpectralNorm.wrapLayers(
                            new SequentialBlock()
                                    .add(Linear.builder().setUnits(4).build())
                                    .add(Activation.reluBlock())
                                    .add(Linear.builder().setUnits(1).build()));
            assertEquals(network.getChildren().size(), 3);
            assertTrue(network.getChildren().get(0).getValue() instanceof SpectralNorm);
            assertTrue(network.getChildren().get(2).getValue() instanceof SpectralNorm);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            Parameter u = network.getParameters().get("01SpectralNorm_u");
            assertEquals(u.getArray().getShape(), new Shape(4));
            assertTrue(!u.requiresGradient(), "u must not be trained");
            ParameterStore store = new ParameterStore(manager, false);
            network.forward(store, new NDList(manager.randomNormal(new Shape(5, 3))), true);
            float[] trained = u.getArray().toFloatArray();

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            network.saveParameters(new DataOutputStream(bytes));
            Block copy =
                    SpectralNorm.wrapLayers(
                            new SequentialBlock()
                                    .add(Linear.builder().setUnits(4).build())
                                    .add(Activation.reluBlock())
                                    .add(Linear.builder().setUnits(1).build()));
            copy.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            copy.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(
                    copy.getParameters().get("01SpectralNorm_u").getArray().toFloatArray(),
                    trained);
        }
    }

    @Test
    public void onlyLinearAndConvolutionLayersCanBeWrapped() {
        expectThrows(IllegalArgumentException.class, () -> new SpectralNorm(Activation.reluBlock()));
    }

    private static double[][] reshape(float[] values, int rows, int columns) {
        double[][] matrix = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                matrix[r][c] = values[r * columns + c];
            }
        }
        return matrix;
    }

    /** sqrt of the largest eigenvalue of M^T M, by power iteration from a fixed start. */
    static double largestSingularValue(double[][] matrix) {
        int columns = matrix[0].length;
        double[] v = new double[columns];
        java.util.Arrays.fill(v, 1);
        double sigma = 0;
        for (int iteration = 0; iteration < 2000; iteration++) {
            double[] mv = new double[matrix.length];
            for (int r = 0; r < matrix.length; r++) {
                for (int c = 0; c < columns; c++) {
                    mv[r] += matrix[r][c] * v[c];
                }
            }
            double[] next = new double[columns];
            for (int r = 0; r < matrix.length; r++) {
                for (int c = 0; c < columns; c++) {
                    next[c] += matrix[r][c] * mv[r];
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(next).map(x -> x * x).sum());
            for (int c = 0; c < columns; c++) {
                v[c] = next[c] / norm;
            }
            sigma = Math.sqrt(norm);
        }
        return sigma;
    }
}
