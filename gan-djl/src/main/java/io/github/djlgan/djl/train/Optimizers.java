package io.github.djlgan.djl.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.djlgan.api.config.OptimizerConfig;

/** Turns an {@link OptimizerConfig} into DJL's optimiser, every hyperparameter set explicitly. */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Creates the DJL optimiser for a configuration: no weight decay, no gradient clipping, a
     * constant learning rate.
     *
     * @param config the settings
     * @return the optimiser
     */
    public static Optimizer of(OptimizerConfig config) {
        Tracker learningRate = Tracker.fixed((float) config.learningRate());
        return switch (config.kind()) {
            case ADAM ->
                    Optimizer.adam()
                            .optLearningRateTracker(learningRate)
                            .optBeta1((float) config.beta1())
                            .optBeta2((float) config.beta2())
                            .optEpsilon((float) config.epsilon())
                            .optWeightDecays(0f)
                            .build();
            case SGD ->
                    Optimizer.sgd()
                            .setLearningRateTracker(learningRate)
                            .optMomentum((float) config.momentum())
                            .optWeightDecays(0f)
                            .build();
        };
    }
}
