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

public class LearningRateScheduleTest {

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

    /** The paper's momentum ramp: 0.5 at the first update, linear to 0.7, then 0.7. */
    @Test
    public void momentumRampsLinearlyThenStays() {
        Tracker ramp =
                Optimizers.momentumRamp(
                        OptimizerConfig.sgd(0.1, 0.5).withMomentumRamp(0.7, 150_000));
        assertEquals(ramp.getNewValue(0), 0.5f, 1e-7f);
        // float arithmetic, base + t * slope: within a few ulps of 0.6
        assertEquals(ramp.getNewValue(75_000), 0.6f, 1e-6f);
        assertEquals(ramp.getNewValue(150_000), 0.7f, 1e-6f);
        assertEquals(ramp.getNewValue(10_000_000), 0.7f, 1e-6f);
    }
}
