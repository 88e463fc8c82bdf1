package io.github.djlgan.djl.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.util.function.Function;

public class GanLossTest {

    private static final float[] REAL = {2f, -1f};
    private static final float[] FAKE = {0.5f, -3f};

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void discriminatorLossIsBinaryCrossEntropy(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            float loss =
                    GanLoss.of(LossKind.NON_SATURATING)
                            .discriminatorLoss(manager.create(REAL), manager.create(FAKE))
                            .getFloat();
            // -mean(log D(x)) - mean(log(1 - D(G(z)))), D = sigmoid(logit)
            double expected =
                    -(Math.log(sigmoid(2)) + Math.log(sigmoid(-1))) / 2
                            - (Math.log(1 - sigmoid(0.5)) + Math.log(1 - sigmoid(-3))) / 2;
            assertEquals(loss, expected, 1e-5);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void generatorLossesMatchThePaper(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            NDArray fake = manager.create(FAKE);
            double nonSaturating = -(Math.log(sigmoid(0.5)) + Math.log(sigmoid(-3))) / 2;
            double minimax = (Math.log(1 - sigmoid(0.5)) + Math.log(1 - sigmoid(-3))) / 2;
            assertEquals(
                    GanLoss.of(LossKind.NON_SATURATING).generatorLoss(fake).getFloat(),
                    nonSaturating,
                    1e-5);
            assertEquals(
                    GanLoss.of(LossKind.MINIMAX).generatorLoss(fake).getFloat(), minimax, 1e-5);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void extremeLogitsGiveExactFiniteLossesAndGradients(String engine) {
        GanLoss nonSaturating = GanLoss.of(LossKind.NON_SATURATING);
        GanLoss minimax = GanLoss.of(LossKind.MINIMAX);
        // D sure and right: loss ~ 0; D sure and wrong: loss ~ 100 per term.
        checkLoss(engine, l -> nonSaturating.discriminatorLoss(l, l.neg()), 100f, 0, 0);
        checkLoss(engine, l -> nonSaturating.discriminatorLoss(l, l.neg()), -100f, 200, -2);
        checkLoss(engine, nonSaturating::generatorLoss, -100f, 100, -1);
        checkLoss(engine, nonSaturating::generatorLoss, 100f, 0, 0);
        checkLoss(engine, minimax::generatorLoss, 100f, -100, -1);
        checkLoss(engine, minimax::generatorLoss, -100f, 0, 0);
    }

    /**
     * Evaluates a loss of one logit and its derivative d loss / d logit, and compares both with
     * the exact values (derivatives of softplus are sigmoids, which are 0 or +-1 at +-100).
     */
    private static void checkLoss(
            String engine,
            Function<NDArray, NDArray> loss,
            float logit,
            double expectedLoss,
            double expectedGradient) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            NDArray input = manager.create(new float[] {logit});
            input.setRequiresGradient(true);
            float value;
            try (GradientCollector collector = Engine.getEngine(engine).newGradientCollector()) {
                NDArray result = loss.apply(input);
                value = result.getFloat();
                collector.backward(result);
            }
            float gradient = input.getGradient().getFloat();
            assertTrue(Float.isFinite(value), "loss " + value);
            assertTrue(Float.isFinite(gradient), "gradient " + gradient);
            assertEquals(value, expectedLoss, 1e-4 * Math.max(1, Math.abs(expectedLoss)));
            assertEquals(gradient, expectedGradient, 1e-6);
        }
    }

}
