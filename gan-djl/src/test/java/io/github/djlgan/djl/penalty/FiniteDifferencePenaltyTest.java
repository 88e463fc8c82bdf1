package io.github.djlgan.djl.penalty;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;

import org.testng.annotations.Test;

import java.util.Random;
import java.util.function.Function;

/**
 * The finite-difference estimate of R1 on a linear D, {@code D(x) = w . x + b}, whose input
 * gradient is w everywhere: for a given direction v the estimate is {@code (w . v)^2} exactly (up
 * to float32 rounding, {@code 1e-7 |D| / h}), and over many updates, each drawing its own v, the
 * penalty's mean and its gradient with respect to w match {@code ||w||^2 / 2} and {@code w}
 * within 4 standard errors of their known variances: {@code Var (w . v)^2 / 2 = ||w||^4 / 2} and
 * {@code Var (w . v) v_j = ||w||^2 + w_j^2} per sample. Runs on both engines without any engine
 * module (first-order gradients only).
 */
public class FiniteDifferencePenaltyTest {

    private static final int DIMENSION = 5;
    private static final int BATCH = 16;
    private static final int DRAWS = 400;
    private static final float[] WEIGHT = {0.8f, -1.3f, 0.5f, 2.0f, -0.4f};
    private static final float BIAS = 0.7f;

    private static GanModels linearModels(String engine, Block discriminator) {
        Engine.getEngine(engine).setRandomSeed(3);
        GanModels models =
                GanModels.create(
                        engine,
                        Device.cpu(),
                        MlpNetworks.perceptron(new int[0], Activation::reluBlock, DIMENSION),
                        discriminator,
                        new Shape(2),
                        new Shape(DIMENSION));
        Parameter[] parameters = discriminator.getParameters().values().toArray(Parameter[]::new);
        parameters[0].getArray().set(WEIGHT);
        parameters[1].getArray().set(new float[] {BIAS});
        return models;
    }

    private static Block linear() {
        return MlpNetworks.perceptron(new int[0], Activation::reluBlock, 1);
    }

    private static float[] gaussian(int count, Random random) {
        float[] values = new float[count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static Function<NDList, NDArray> forward(Block block, NDManager manager) {
        return input ->
                block.forward(new ParameterStore(manager, false), input, true).singletonOrThrow();
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void givenDirectionGivesTheSquaredDirectionalDerivative(String engine) {
        Block block = linear();
        Random random = new Random(11);
        try (GanModels models = linearModels(engine, block);
                NDManager step = models.discriminator().getNDManager().newSubManager()) {
            float[] points = gaussian(BATCH * DIMENSION, random);
            float[] directions = gaussian(BATCH * DIMENSION, random);
            Shape shape = new Shape(BATCH, DIMENSION);
            float[] estimate =
                    FiniteDifferenceGradientNorms.squaredDirectional(
                                    forward(block, step),
                                    new NDList(step.create(points, shape)),
                                    step.create(directions, shape))
                            .toFloatArray();
            assertEquals(estimate.length, BATCH);
            double mean = 0;
            for (int i = 0; i < BATCH; i++) {
                double directional = 0;
                double output = BIAS;
                for (int k = 0; k < DIMENSION; k++) {
                    directional += WEIGHT[k] * directions[i * DIMENSION + k];
                    output += WEIGHT[k] * points[i * DIMENSION + k];
                }
                // float32 rounding of D(x +- h v), about 1e-7 |D| each, divided by 2h
                double rounding = 4e-7 * (Math.abs(output) + 1) / (2 * PenaltyEstimator.STEP);
                assertEquals(
                        estimate[i],
                        directional * directional,
                        2 * Math.abs(directional) * rounding + 1e-6,
                        engine + " row " + i);
                mean += directional * directional / BATCH;
            }
            float penalty =
                    GradientPenalty.of(PenaltyKind.R1, step.create(estimate)).getFloat();
            assertEquals(penalty, mean / 2, 1e-5 * mean, engine + " mean / 2");
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void meanOverDirectionsIsTheExactPenaltyAndGradient(String engine) {
        Block block = linear();
        double gamma = 3;
        PenaltyConfig config =
                PenaltyConfig.builder()
                        .setKind(PenaltyKind.R1)
                        .optWeight(gamma)
                        .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE)
                        .build();
        double squaredNorm = 0;
        for (float w : WEIGHT) {
            squaredNorm += w * w;
        }
        double valueSum = 0;
        double[] gradientSum = new double[DIMENSION];
        Random random = new Random(12);
        try (GanModels models = linearModels(engine, block);
                GradientPenalty penalty = GradientPenalties.create(config, models, BATCH, 9)) {
            Parameter weight = block.getParameters().valueAt(0);
            for (int draw = 0; draw < DRAWS; draw++) {
                try (NDManager step = models.discriminator().getNDManager().newSubManager();
                        GradientCollector collector = step.getEngine().newGradientCollector()) {
                    Function<NDList, NDArray> d = forward(block, step);
                    NDList real =
                            new NDList(step.create(gaussian(BATCH * DIMENSION, random),
                                    new Shape(BATCH, DIMENSION)));
                    NDArray logits = d.apply(real);
                    NDArray term = penalty.penalty(d, real, real, logits, logits);
                    collector.backward(term);
                    valueSum += term.getFloat() / gamma;
                    NDArray gradient = weight.getArray().getGradient();
                    float[] values = gradient.toFloatArray();
                    for (int k = 0; k < DIMENSION; k++) {
                        gradientSum[k] += values[k] / gamma;
                    }
                    gradient.muli(0f);
                    gradient.close();
                }
            }
        }
        double samples = (double) BATCH * DRAWS;
        double valueError = Math.sqrt(squaredNorm * squaredNorm / 2 / samples);
        assertEquals(valueSum / DRAWS, squaredNorm / 2, 4 * valueError, engine + " penalty");
        for (int k = 0; k < DIMENSION; k++) {
            double gradientError = Math.sqrt((squaredNorm + WEIGHT[k] * WEIGHT[k]) / samples);
            assertEquals(gradientSum[k] / DRAWS, WEIGHT[k], 4 * gradientError,
                    engine + " dP/dw[" + k + "]");
        }
    }

    /** Two forward points through dropout would see different masks: refused before training. */
    @Test
    public void discriminatorWithDropoutIsRefused() {
        SequentialBlock block =
                new SequentialBlock().add(Dropout.builder().optRate(0.5f).build()).add(linear());
        PenaltyConfig config =
                PenaltyConfig.builder()
                        .setKind(PenaltyKind.R2)
                        .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE)
                        .build();
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (GanModels models =
                GanModels.create(
                        "PyTorch",
                        Device.cpu(),
                        MlpNetworks.perceptron(new int[0], Activation::reluBlock, DIMENSION),
                        block,
                        new Shape(2),
                        new Shape(DIMENSION))) {
            String message =
                    expectThrows(
                                    InvalidInputException.class,
                                    () -> GradientPenalties.create(config, models, BATCH, 1))
                            .getMessage();
            assertTrue(message.contains("dropout"), message);
        }
    }
}
