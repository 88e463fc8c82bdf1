package io.github.djlgan.engine.tests;

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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.penalty.InputGradients;

import org.testng.annotations.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The penalties' values and their gradients with respect to D's parameters against a computation
 * by hand on the host, in double precision, for D = v . LeakyReLU(W x + c) + b (2 inputs, 3 hidden
 * units, slope 0.2), whose input gradient is {@code g(x) = W^T (v * s(x))} with {@code s} the
 * slope of each unit (1 or 0.2). With {@code P = (1/N) sum_i f(||g_i||)} and {@code a_i = f'(||g_i||)
 * g_i / (N ||g_i||)}: {@code dP/dW = sum_i (v * s_i) a_i^T}, {@code dP/dv = sum_i (W a_i) * s_i},
 * {@code dP/dc = dP/db = 0} (s is constant almost everywhere). A linear D is the case without the
 * hidden layer: {@code g = w}, {@code dP/dw = sum_i a_i}.
 *
 * <p>Tolerance: relative 1e-4 of the largest gradient entry; float32 sums of a few dozen terms of
 * order 1 carry errors around 1e-6.
 */
public class PenaltyHandComputationTest {

    private static final int BATCH = 8;
    private static final float SLOPE = 0.2f;
    private static final double TOLERANCE = 1e-4;

    private static GanModels models(String engine, Block discriminator) {
        Engine.getEngine(engine).setRandomSeed(3);
        return GanModels.create(
                engine,
                Device.cpu(),
                MlpNetworks.perceptron(new int[0], () -> Activation.reluBlock(), 2),
                discriminator,
                new Shape(2),
                new Shape(2));
    }

    private static float[] gaussian(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /**
     * Both engines match the hand computation: PyTorch by double backpropagation, MXNet 1.9, which
     * cannot differentiate LeakyReLU's backward pass, by the perceptron's input gradient in closed
     * form.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void mlpPenaltiesMatchTheHandComputation(String engine) {
        for (PenaltyKind kind : PenaltyKind.values()) {
            check(engine, kind, true);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void linearPenaltiesMatchTheHandComputation(String engine) {
        for (PenaltyKind kind : PenaltyKind.values()) {
            check(engine, kind, false);
        }
    }

    /**
     * WGAN-GP's interpolates and DRAGAN's perturbed points are random; with real = generated
     * samples (WGAN-GP) or a minibatch of one repeated point (DRAGAN, std 0) they are the samples
     * themselves, so the hand computation knows them.
     */
    private static void check(String engine, PenaltyKind kind, boolean hidden) {
        Block block =
                MlpNetworks.perceptron(
                        hidden ? new int[] {3} : new int[0],
                        () -> Activation.leakyReluBlock(SLOPE),
                        1);
        try (GanModels models = models(engine, block)) {
            List<Parameter> weights = block.getParameters().values().stream().toList();
            float[][] values = new float[weights.size()][];
            for (int p = 0; p < weights.size(); p++) {
                NDArray array = weights.get(p).getArray();
                values[p] = gaussian(Math.toIntExact(array.size()), 10 + p);
                array.set(values[p]);
            }
            float[] real = gaussian(2 * BATCH, 1);
            float[] fake = kind == PenaltyKind.R2 ? gaussian(2 * BATCH, 2) : real;
            if (kind == PenaltyKind.DRAGAN) {
                for (int i = 2; i < real.length; i++) {
                    real[i] = real[i % 2];
                }
            }
            double weight = 3.5;
            PenaltyConfig config = PenaltyConfig.builder().setKind(kind).optWeight(weight).build();
            float value;
            float[][] gradients = new float[weights.size()][];
            try (GradientPenalty penalty = GradientPenalties.create(config, models, BATCH, 5);
                    NDManager step = models.discriminator().getNDManager().newSubManager()) {
                Function<NDList, NDArray> d =
                        input ->
                                block.forward(new ParameterStore(step, false), input, true)
                                        .singletonOrThrow();
                try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                    NDList realInput = new NDList(step.create(real, new Shape(BATCH, 2)));
                    NDList fakeInput = new NDList(step.create(fake, new Shape(BATCH, 2)));
                    NDArray term =
                            penalty.penalty(
                                    d, realInput, fakeInput, d.apply(realInput), d.apply(fakeInput));
                    collector.backward(term);
                    value = term.getFloat();
                }
                for (int p = 0; p < weights.size(); p++) {
                    gradients[p] = weights.get(p).getArray().getGradient().toFloatArray();
                }
            }
            float[] points = kind == PenaltyKind.R2 ? fake : real;
            double[][] expected = new double[weights.size()][];
            double expectedValue =
                    hidden
                            ? mlp(kind, weight, values, points, expected)
                            : linear(kind, weight, values, points, expected);
            String where = engine + " " + kind + (hidden ? " MLP" : " linear");
            assertEquals(value, expectedValue, TOLERANCE * Math.abs(expectedValue), where);
            double scale = 0;
            for (double[] row : expected) {
                for (double entry : row) {
                    scale = Math.max(scale, Math.abs(entry));
                }
            }
            assertTrue(scale > 0.1, where + ": the gradient is not trivially 0");
            for (int p = 0; p < weights.size(); p++) {
                for (int i = 0; i < expected[p].length; i++) {
                    assertEquals(
                            gradients[p][i],
                            expected[p][i],
                            TOLERANCE * scale,
                            where + " " + weights.get(p).getName() + "[" + i + "]");
                }
            }
        }
    }

    /** f'(n) / n for the penalty of each kind, weighted as the regulariser weights it. */
    private static double outerFactor(PenaltyKind kind, double weight, double norm) {
        return kind.unitNorm() ? 2 * weight * (norm - 1) / norm : weight;
    }

    private static double penaltyOf(PenaltyKind kind, double weight, double norm) {
        return kind.unitNorm() ? weight * (norm - 1) * (norm - 1) : weight / 2 * norm * norm;
    }

    /** Parameters in block order: weight (1, 2), bias (1). */
    private static double linear(
            PenaltyKind kind, double weight, float[][] values, float[] points, double[][] out) {
        double norm = Math.hypot(values[0][0], values[0][1]);
        double factor = outerFactor(kind, weight, norm);
        out[0] = new double[] {factor * values[0][0], factor * values[0][1]};
        out[1] = new double[] {0};
        return penaltyOf(kind, weight, norm);
    }

    /** Parameters in block order: W (3, 2), c (3), v (1, 3), b (1). */
    private static double mlp(
            PenaltyKind kind, double weight, float[][] values, float[] points, double[][] out) {
        float[] w = values[0];
        float[] c = values[1];
        float[] v = values[2];
        double[] dW = new double[6];
        double[] dv = new double[3];
        double total = 0;
        for (int i = 0; i < BATCH; i++) {
            double[] u = new double[3];
            double[] s = new double[3];
            for (int h = 0; h < 3; h++) {
                double z = w[2 * h] * points[2 * i] + w[2 * h + 1] * points[2 * i + 1] + c[h];
                s[h] = z > 0 ? 1 : SLOPE;
                u[h] = v[h] * s[h];
            }
            double[] g = new double[2];
            for (int k = 0; k < 2; k++) {
                for (int h = 0; h < 3; h++) {
                    g[k] += w[2 * h + k] * u[h];
                }
            }
            double norm = Math.hypot(g[0], g[1]);
            total += penaltyOf(kind, weight, norm) / BATCH;
            double factor = outerFactor(kind, weight, norm) / BATCH;
            double[] a = {factor * g[0], factor * g[1]};
            for (int h = 0; h < 3; h++) {
                dW[2 * h] += u[h] * a[0];
                dW[2 * h + 1] += u[h] * a[1];
                dv[h] += (w[2 * h] * a[0] + w[2 * h + 1] * a[1]) * s[h];
            }
        }
        out[0] = dW;
        out[1] = new double[3];
        out[2] = dv;
        out[3] = new double[1];
        return total;
    }

    /**
     * The create-graph backward pass must not change the gradients already on D's parameters
     * (libtorch's accumulates into them; the PyTorch module puts them back exactly): gradients left
     * by an earlier backward pass are bit for bit what they were after the input gradient is taken.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void inputGradientLeavesParameterGradientsAsTheyWere(String engine) {
        Block block =
                MlpNetworks.perceptron(new int[] {4}, () -> Activation.leakyReluBlock(SLOPE), 1);
        try (GanModels models = models(engine, block);
                NDManager step = models.discriminator().getNDManager().newSubManager()) {
            List<Parameter> weights = block.getParameters().values().stream().toList();
            InputGradients gradients = InputGradients.forEngine(engine);
            NDArray first = step.create(gaussian(2 * BATCH, 7), new Shape(BATCH, 2));
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                collector.backward(
                        block.forward(new ParameterStore(step, false), new NDList(first), true)
                                .singletonOrThrow()
                                .square()
                                .sum());
            }
            float[][] before = new float[weights.size()][];
            for (int p = 0; p < weights.size(); p++) {
                before[p] = weights.get(p).getArray().getGradient().toFloatArray();
                assertTrue(Math.abs(before[p][0]) > 0, "a gradient to keep");
            }
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDArray x = step.create(gaussian(2 * BATCH, 8), new Shape(BATCH, 2));
                x.setRequiresGradient(true);
                NDArray logits =
                        block.forward(new ParameterStore(step, false), new NDList(x), true)
                                .singletonOrThrow();
                NDArray gradient = gradients.gradient(logits, x, weights);
                assertEquals(gradient.getShape(), new Shape(BATCH, 2));
                for (int p = 0; p < weights.size(); p++) {
                    assertEquals(
                            weights.get(p).getArray().getGradient().toFloatArray(),
                            before[p],
                            engine + " " + weights.get(p).getName());
                }
            }
        }
    }
}
