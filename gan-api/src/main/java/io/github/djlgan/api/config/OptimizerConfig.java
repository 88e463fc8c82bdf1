package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * How one network is optimised. Every hyperparameter is explicit and recorded: DJL's own Adam
 * defaults to beta1 = 0.9, while GANs usually want 0.5 (Radford et al. 2015).
 *
 * @param kind the optimiser
 * @param learningRate the step size, positive
 * @param beta1 Adam's decay of the first moment, in [0, 1)
 * @param beta2 Adam's decay of the second moment, RMSProp's decay of the squared-gradient
 *     average, in [0, 1)
 * @param epsilon Adam's term added to the root of the second moment, positive
 * @param momentum SGD's and RMSProp's momentum, in [0, 1); with a ramp, SGD's initial momentum
 * @param schedule how the learning rate changes over the run
 * @param finalMomentum SGD's momentum at the end of the ramp, in [0, 1); equal to {@code
 *     momentum} when there is none
 * @param momentumRampUpdates over how many updates SGD's momentum moves linearly from {@code
 *     momentum} to {@code finalMomentum} and then stays there (the paper's MomentumAdjustor: 0.5
 *     to 0.7 over epochs 1 to 250); 0 for a constant momentum
 */
public record OptimizerConfig(
        OptimizerKind kind,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double momentum,
        LearningRateSchedule schedule,
        double finalMomentum,
        long momentumRampUpdates) {

    /** The learning rate of DCGAN (Radford et al. 2015), a common choice for image GANs. */
    public static final double DCGAN_LEARNING_RATE = 2e-4;

    /** The momentum the paper's SGD ramps up to, 0.7 (from 0.5; its mnist.yaml). */
    public static final double PAPER_FINAL_MOMENTUM = 0.7;

    /** Validates every field. */
    public OptimizerConfig {
        if (kind == null) {
            throw new InvalidInputException("optimizer kind must be set");
        }
        Check.positive("learningRate", learningRate);
        Check.unitInterval("beta1", beta1);
        Check.unitInterval("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.unitInterval("momentum", momentum);
        if (schedule == null) {
            throw new InvalidInputException("learning-rate schedule must be set");
        }
        Check.unitInterval("finalMomentum", finalMomentum);
        if (momentumRampUpdates < 0) {
            throw new InvalidInputException(
                    "momentumRampUpdates must be 0 or more, got " + momentumRampUpdates);
        }
        if (momentumRampUpdates > 0 && kind != OptimizerKind.SGD) {
            throw new InvalidInputException(
                    "a momentum ramp needs the sgd optimizer, not " + kind.id());
        }
    }

    /**
     * Creates a configuration whose momentum stays constant.
     *
     * @param kind the optimiser
     * @param learningRate the step size, positive
     * @param beta1 Adam's decay of the first moment, in [0, 1)
     * @param beta2 Adam's decay of the second moment, RMSProp's decay of the squared-gradient
     *     average, in [0, 1)
     * @param epsilon Adam's term added to the root of the second moment, positive
     * @param momentum SGD's and RMSProp's momentum, in [0, 1)
     * @param schedule how the learning rate changes over the run
     */
    public OptimizerConfig(
            OptimizerKind kind,
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double momentum,
            LearningRateSchedule schedule) {
        this(kind, learningRate, beta1, beta2, epsilon, momentum, schedule, momentum, 0);
    }

    /**
     * Tells whether SGD's momentum changes during the run.
     *
     * @return whether there is a momentum ramp
     */
    public boolean rampsMomentum() {
        return momentumRampUpdates > 0 && finalMomentum != momentum;
    }

    /**
     * Returns Adam with the GAN settings beta1 = 0.5, beta2 = 0.999, epsilon = 1e-8, at a constant
     * rate. Its momentum field, unused by Adam, holds the paper's initial SGD momentum 0.5 for a
     * switch to SGD.
     *
     * @param learningRate the step size
     * @return the configuration
     */
    public static OptimizerConfig adam(double learningRate) {
        return new OptimizerConfig(
                OptimizerKind.ADAM, learningRate, 0.5, 0.999, 1e-8, 0.5,
                LearningRateSchedule.CONSTANT);
    }

    /**
     * Returns SGD with momentum, the paper's optimiser, at a constant rate.
     *
     * @param learningRate the step size
     * @param momentum the momentum, in [0, 1)
     * @return the configuration
     */
    public static OptimizerConfig sgd(double learningRate, double momentum) {
        return new OptimizerConfig(
                OptimizerKind.SGD, learningRate, 0.5, 0.999, 1e-8, momentum,
                LearningRateSchedule.CONSTANT);
    }

    /**
     * Returns RMSProp as the Wasserstein GAN trains its critic and generator: squared-gradient
     * decay (in the {@code beta2} field) 0.99, epsilon 1e-8, no momentum, a constant rate, as in
     * the authors' PyTorch code.
     *
     * @param learningRate the step size, 5e-5 in the paper
     * @return the configuration
     * @see <a href="https://arxiv.org/abs/1701.07875">Arjovsky et al. 2017, Algorithm 1</a>
     */
    public static OptimizerConfig rmsprop(double learningRate) {
        return new OptimizerConfig(
                OptimizerKind.RMSPROP, learningRate, 0.5, 0.99, 1e-8, 0,
                LearningRateSchedule.CONSTANT);
    }

    /**
     * Returns a copy with another schedule.
     *
     * @param newSchedule how the learning rate changes over the run
     * @return the copy
     */
    public OptimizerConfig withSchedule(LearningRateSchedule newSchedule) {
        return new OptimizerConfig(
                kind, learningRate, beta1, beta2, epsilon, momentum, newSchedule, finalMomentum,
                momentumRampUpdates);
    }

    /**
     * Returns a copy with another learning rate.
     *
     * @param newLearningRate the step size
     * @return the copy
     */
    public OptimizerConfig withLearningRate(double newLearningRate) {
        return new OptimizerConfig(
                kind, newLearningRate, beta1, beta2, epsilon, momentum, schedule, finalMomentum,
                momentumRampUpdates);
    }

    /**
     * Returns a copy with another optimiser kind and the same other settings.
     *
     * @param newKind the optimiser
     * @return the copy
     */
    public OptimizerConfig withKind(OptimizerKind newKind) {
        return new OptimizerConfig(
                newKind, learningRate, beta1, beta2, epsilon, momentum, schedule, finalMomentum,
                newKind == OptimizerKind.SGD ? momentumRampUpdates : 0);
    }

    /**
     * Returns a copy of this SGD configuration whose momentum moves linearly from {@link
     * #momentum()} to a final value over a number of updates, then stays there.
     *
     * @param newFinalMomentum the momentum at the end of the ramp, in [0, 1)
     * @param updates the length of the ramp in updates, positive
     * @return the copy
     */
    public OptimizerConfig withMomentumRamp(double newFinalMomentum, long updates) {
        if (updates < 1) {
            throw new InvalidInputException("a momentum ramp needs at least 1 update, got " + updates);
        }
        return new OptimizerConfig(
                kind, learningRate, beta1, beta2, epsilon, momentum, schedule, newFinalMomentum,
                updates);
    }
}
