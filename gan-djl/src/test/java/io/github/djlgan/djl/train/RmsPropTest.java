package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;

import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

public class RmsPropTest {

    /**
     * Loss {@code sum(g * w)} has gradient g = {0.5, -4}. With rho 0.99, momentum 0.5, lr 0.01:
     * step 1: v = 0.01 g^2, g / sqrt(v) = 10 sign(g), b = 10 sign(g); step 2: v = 0.0199 g^2, g /
     * sqrt(v) = 7.08881 sign(g), b = 5 + 7.08881. The size of g does not matter, its sign does.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void twoUpdatesMatchTheHandComputedSteps(String engine) {
        Engine instance = Engine.getEngine(engine);
        try (NDManager manager = instance.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            weight.setRequiresGradient(true);
            NDArray slope = manager.create(new float[] {0.5f, -4f});
            RmsProp optimizer =
                    RmsProp.builder()
                            .optLearningRateTracker(Tracker.fixed(0.01f))
                            .optRho(0.99f)
                            .optMomentum(0.5f)
                            .optEpsilon(1e-8f)
                            .build();
            double second = 5 + 1 / Math.sqrt(0.0199);
            float[][] expected = {
                {1f - 0.1f, -2f + 0.1f},
                {(float) (0.9 - 0.01 * second), (float) (-1.9 + 0.01 * second)}
            };
            for (float[] after : expected) {
                try (GradientCollector collector = instance.newGradientCollector()) {
                    collector.backward(weight.mul(slope).sum());
                }
                try (NDArray gradient = weight.getGradient().duplicate()) {
                    optimizer.update("w", weight, gradient);
                }
                assertEquals(weight.toFloatArray(), after, 1e-5f);
            }
        }
    }

    @Test
    public void exponentialScheduleDecaysByThePapersFactorDownToItsFloor() {
        Tracker tracker =
                Optimizers.learningRate(
                        OptimizerConfig.adam(0.1).withSchedule(LearningRateSchedule.EXPONENTIAL),
                        1000);
        assertEquals(tracker.getNewValue(0), 0.1f, 1e-9f);
        // 0.1 / 1.000004^250000 = 0.1 e^-1 (to 1e-6 relative)
        assertEquals(tracker.getNewValue(250_000), 0.1 * Math.exp(-1), 1e-6);
        assertEquals(tracker.getNewValue(100_000_000), 1e-6f, 1e-9f);
    }
}
