package io.github.djlgan.djl.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

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

    /**
     * Every loss of the table on REAL = {2, -1}, FAKE = {0.5, -3}, worked by hand:
     *
     * <ul>
     *   <li>least squares: D = ((2-1)^2 + (-1-1)^2)/4 + (0.5^2 + 3^2)/4 = 1.25 + 2.3125; with
     *       target 0.9, (1.1^2 + 1.9^2)/4 = 1.205 for the real half; G = ((0.5-1)^2 + 4^2)/4 =
     *       4.0625.
     *   <li>hinge: D = (max(0, 1-2) + max(0, 1+1))/2 + (max(0, 1.5) + max(0, -2))/2 = 1 + 0.75;
     *       G = -(0.5 - 3)/2 = 1.25.
     *   <li>wasserstein: D = (0.5 - 3)/2 - (2 - 1)/2 = -1.75; G = 1.25.
     * </ul>
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void everyLossMatchesItsFormulaOnFixedLogits(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            NDArray real = manager.create(REAL);
            NDArray fake = manager.create(FAKE);
            assertLosses(GanLoss.of(LossKind.LEAST_SQUARES), real, fake, 3.5625, 4.0625);
            assertLosses(GanLoss.of(LossKind.LEAST_SQUARES, 0.1), real, fake, 3.5175, 4.0625);
            assertLosses(GanLoss.of(LossKind.HINGE), real, fake, 1.75, 1.25);
            assertLosses(GanLoss.of(LossKind.WASSERSTEIN), real, fake, -1.75, 1.25);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void labelSmoothingLowersTheRealTargetOfCrossEntropy(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            double target = 0.9;
            double real = 0;
            for (float logit : REAL) {
                real -= (target * Math.log(sigmoid(logit))
                        + (1 - target) * Math.log(1 - sigmoid(logit))) / 2;
            }
            double fake = -(Math.log(1 - sigmoid(0.5)) + Math.log(1 - sigmoid(-3))) / 2;
            for (LossKind kind : new LossKind[] {LossKind.NON_SATURATING, LossKind.MINIMAX}) {
                float loss =
                        GanLoss.of(kind, 0.1)
                                .discriminatorLoss(manager.create(REAL), manager.create(FAKE))
                                .getFloat();
                assertEquals(loss, real + fake, 1e-5, kind.id());
            }
        }
    }

    @Test
    public void smoothingALossWithoutARealTargetIsRefused() {
        expectThrows(IllegalArgumentException.class, () -> GanLoss.of(LossKind.HINGE, 0.1));
        expectThrows(IllegalArgumentException.class, () -> GanLoss.of(LossKind.WASSERSTEIN, 0.1));
    }

    private static void assertLosses(
            GanLoss loss, NDArray real, NDArray fake, double expectedD, double expectedG) {
        assertEquals(loss.discriminatorLoss(real, fake).getFloat(), expectedD, 1e-5, "L_D");
        assertEquals(loss.generatorLoss(fake).getFloat(), expectedG, 1e-5, "L_G");
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void newLossesHaveTheirTextbookGradients(String engine) {
        GanLoss leastSquares = GanLoss.of(LossKind.LEAST_SQUARES);
        GanLoss hinge = GanLoss.of(LossKind.HINGE);
        GanLoss wasserstein = GanLoss.of(LossKind.WASSERSTEIN);
        // d/dl (l - 1)^2 / 2 = l - 1
        checkLoss(engine, leastSquares::generatorLoss, 3f, 2, 2);
        // D loss on real = fake = l: ((l - 1)^2 + l^2) / 2, derivative 2l - 1
        checkLoss(engine, l -> leastSquares.discriminatorLoss(l, l), 3f, 6.5, 5);
        // hinge: inside the margin relu(1 - l) + relu(1 + l) = 2, gradient -1 + 1; outside 0.
        checkLoss(engine, l -> hinge.discriminatorLoss(l, l.neg()), 0.5f, 1, -2);
        checkLoss(engine, l -> hinge.discriminatorLoss(l, l.neg()), 100f, 0, 0);
        checkLoss(engine, hinge::generatorLoss, -100f, 100, -1);
        checkLoss(engine, l -> wasserstein.discriminatorLoss(l, l.neg()), 100f, -200, -2);
        checkLoss(engine, wasserstein::generatorLoss, 100f, -100, -1);
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
