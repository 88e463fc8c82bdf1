package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.run.RunPlanning;

import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code gan train}'s loop options: Algorithm 1's length, k and loss. */
final class LoopOptions {

    /** The one loop option a resumed run may change. */
    static final String STEPS = "--steps";

    @Option(names = STEPS, description = "Generator updates. ${bundle:default.steps}")
    Long steps;

    @Option(names = "--epochs", description = "Passes over the training images, instead of"
            + " --steps (image datasets): steps = ceil(N * floor(images / batch) / k), since each"
            + " step draws k real minibatches.")
    Long epochs;

    @Option(names = "--k", description = "Discriminator updates per generator update."
            + " ${bundle:default.discriminatorSteps}")
    Integer discriminatorSteps;

    @Option(names = "--loss", description = "non-saturating, minimax, least-squares, hinge or"
            + " wasserstein. ${bundle:default.loss}")
    String loss;

    void applyTo(TrainingConfig.Builder builder) {
        if (steps != null && epochs != null) {
            throw new InvalidInputException("Give --steps or --epochs, not both");
        }
        builder.optLoop(l -> {
            Flags.set(steps, l::optSteps);
            Flags.set(discriminatorSteps, l::optDiscriminatorSteps);
            Flags.set(loss, v -> l.optLoss(LossKind.fromId(v)));
        });
    }

    /**
     * Turns --epochs into steps, once the rest of the settings is known.
     *
     * @param builder the settings; changed in place
     * @param base the settings built so far
     */
    void applyEpochs(TrainingConfig.Builder builder, TrainingConfig base) throws IOException {
        if (epochs != null) {
            long total = RunPlanning.stepsForEpochs(base, epochs);
            builder.optLoop(l -> l.optSteps(total));
        }
    }
}
