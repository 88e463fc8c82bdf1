package io.github.djlgan.djl.train;

import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;

import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.djl.optimizer.AdamOptimizer;
import io.github.djlgan.djl.optimizer.RmsPropOptimizer;
import io.github.djlgan.djl.optimizer.SgdOptimizer;
import io.github.djlgan.djl.optimizer.StatefulOptimizer;

/**
 * Turns an {@link OptimizerConfig} into an optimiser, every hyperparameter set explicitly. The
 * optimisers are the project's {@link StatefulOptimizer}s, DJL's update rules with state that a
 * checkpoint saves; a new kind is one more case here and one more subclass.
 */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Creates the optimiser for a configuration: no weight decay, no gradient clipping, the
     * learning rate following the configured schedule through a DJL {@link Tracker}.
     *
     * @param config the settings
     * @param updates how many updates the run will make to each parameter (the length of a
     *     decaying schedule)
     * @return the optimiser
     */
    public static StatefulOptimizer of(OptimizerConfig config, long updates) {
        Tracker learningRate = learningRate(config, updates);
        return switch (config.kind()) {
            case ADAM ->
                    AdamOptimizer.builder()
                            .setLearningRateTracker(learningRate)
                            .optBeta1((float) config.beta1())
                            .optBeta2((float) config.beta2())
                            .optEpsilon((float) config.epsilon())
                            .optWeightDecays(0f)
                            .build();
            case SGD -> {
                SgdOptimizer.Builder sgd =
                        SgdOptimizer.builder()
                                .setLearningRateTracker(learningRate)
                                .optWeightDecays(0f);
                if (config.rampsMomentum()) {
                    sgd.optMomentumTracker(momentumRamp(config));
                } else {
                    sgd.optMomentum((float) config.momentum());
                }
                yield sgd.build();
            }
            case RMSPROP ->
                    RmsPropOptimizer.builder()
                            .setLearningRateTracker(learningRate)
                            .optRho((float) config.beta2())
                            .optEpsilon((float) config.epsilon())
                            .optWeightDecays(0f)
                            .build();
        };
    }

    /**
     * SGD's momentum ramp: linear from the initial to the final momentum over the configured number
     * of updates, then constant, as the paper's MomentumAdjustor does over epochs.
     */
    static Tracker momentumRamp(OptimizerConfig config) {
        float initial = (float) config.momentum();
        int updates = (int) Math.min(Integer.MAX_VALUE, config.momentumRampUpdates());
        return LinearTracker.builder()
                .setBaseValue(initial)
                .optSlope((float) ((config.finalMomentum() - config.momentum()) / updates))
                .optMaxUpdates(updates)
                .build();
    }

    static Tracker learningRate(OptimizerConfig config, long updates) {
        float base = (float) config.learningRate();
        return switch (config.schedule()) {
            case CONSTANT -> Tracker.fixed(base);
            case LINEAR ->
                    PolynomialDecayTracker.builder()
                            .setBaseValue(base)
                            .setEndLearningRate(0f)
                            .setDecaySteps((int) Math.min(Integer.MAX_VALUE, Math.max(updates, 1)))
                            .optPower(1f)
                            .build();
            case EXPONENTIAL -> exponential(base);
        };
    }

    /**
     * The paper's exponential decay, {@code max(base / 1.000004^t, min(base, 1e-6))}, in double
     * precision: DJL's FactorTracker keeps the factor 1 / 1.000004 as a float, off by up to 3e-8,
     * which compounds to 0.75% after 250,000 updates.
     */
    private static Tracker exponential(float base) {
        double floor = Math.min(base, LearningRateSchedule.EXPONENTIAL_MIN_RATE);
        return update ->
                (float)
                        Math.max(
                                base
                                        / Math.pow(
                                                LearningRateSchedule.EXPONENTIAL_DECAY_FACTOR,
                                                update),
                                floor);
    }
}
