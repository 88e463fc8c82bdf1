package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ConfigDefaults;
import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.OptimizerKind;
import io.github.djlgan.api.config.TrainingConfig;

import picocli.CommandLine.Option;

/** {@code gan train}'s optimiser options, for G and D. */
final class OptimizerOptions {

    @Option(names = "--optimizer", description = "adam, sgd or rmsprop, for both networks."
            + " ${bundle:default.optimizer}")
    String optimizer;

    @Option(names = "--lr-g",
            description = "Generator learning rate. ${bundle:default.learningRate}")
    Double generatorLearningRate;

    @Option(names = "--lr-d",
            description = "Discriminator learning rate. ${bundle:default.learningRate}")
    Double discriminatorLearningRate;

    @Option(names = "--beta1", description = "Adam beta1, both networks. ${bundle:default.beta1}")
    Double beta1;

    @Option(names = "--beta2", description = "Adam beta2 (RMSProp's squared-gradient decay), both"
            + " networks. ${bundle:default.beta2}")
    Double beta2;

    @Option(names = "--momentum", description = "SGD momentum, both networks (with"
            + " --momentum-ramp, the initial one). ${bundle:default.momentum}")
    Double momentum;

    @Option(names = "--momentum-ramp", paramLabel = "UPDATES", description = "SGD only: move the"
            + " momentum linearly from --momentum to --final-momentum over this many updates, then"
            + " keep it (the paper: 0.5 to 0.7 over 250 epochs). Default: no ramp.")
    Long momentumRamp;

    @Option(names = "--final-momentum", description = "SGD's momentum at the end of"
            + " --momentum-ramp. ${bundle:default.finalMomentum}")
    Double finalMomentum;

    @Option(names = "--lr-schedule",
            description = "constant, linear (decay to 0 at the last step) or exponential (the"
                    + " paper's: divided by 1.000004 per update, down to 1e-6), both networks."
                    + " ${bundle:default.schedule}")
    String schedule;

    /**
     * Sets the optimisers the flags change, starting from those of the settings built so far.
     *
     * @param builder the settings; changed in place
     * @param base the settings built so far
     */
    void applyTo(TrainingConfig.Builder builder, TrainingConfig base) {
        boolean shared = optimizer != null || beta1 != null || beta2 != null || momentum != null
                || schedule != null || momentumRamp != null || finalMomentum != null;
        if (generatorLearningRate != null || shared) {
            OptimizerConfig chosen =
                    optimizer(base.loop().generatorOptimizer(), generatorLearningRate);
            builder.optLoop(l -> l.optGeneratorOptimizer(chosen));
        }
        if (discriminatorLearningRate != null || shared) {
            OptimizerConfig chosen =
                    optimizer(base.loop().discriminatorOptimizer(), discriminatorLearningRate);
            builder.optLoop(l -> l.optDiscriminatorOptimizer(chosen));
        }
    }

    private OptimizerConfig optimizer(OptimizerConfig base, Double learningRate) {
        double initialMomentum = momentum == null ? base.momentum() : momentum;
        long rampUpdates = momentumRamp == null ? base.momentumRampUpdates() : momentumRamp;
        if (finalMomentum != null && rampUpdates == 0) {
            throw new InvalidInputException("--final-momentum needs --momentum-ramp UPDATES");
        }
        if (momentumRamp != null && momentumRamp < 1) {
            throw new InvalidInputException(
                    "--momentum-ramp must be at least 1 update, got " + momentumRamp);
        }
        return new OptimizerConfig(
                optimizer == null ? base.kind() : OptimizerKind.fromId(optimizer),
                learningRate == null ? base.learningRate() : learningRate,
                beta1 == null ? base.beta1() : beta1,
                beta2 == null ? base.beta2() : beta2,
                base.epsilon(),
                initialMomentum,
                schedule == null ? base.schedule() : LearningRateSchedule.fromId(schedule),
                rampEnd(base, initialMomentum, rampUpdates),
                rampUpdates);
    }

    /**
     * The momentum a ramp ends at: --final-momentum, else the default for a ramp given by flag,
     * else the base config's; without a ramp, the initial momentum.
     */
    private double rampEnd(OptimizerConfig base, double initialMomentum, long rampUpdates) {
        if (finalMomentum != null) {
            return finalMomentum;
        }
        if (rampUpdates == 0) {
            return initialMomentum;
        }
        return momentumRamp != null
                ? ConfigDefaults.FINAL_MOMENTUM.otherwiseValue()
                : base.finalMomentum();
    }
}
