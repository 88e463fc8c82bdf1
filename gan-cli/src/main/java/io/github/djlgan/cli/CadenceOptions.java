package io.github.djlgan.cli;

import io.github.djlgan.api.config.TrainingConfig;

import picocli.CommandLine.Option;

/** {@code gan train}'s cadence options: how often it logs, samples and checkpoints. */
final class CadenceOptions {

    @Option(names = "--log-every",
            description = "Steps between metrics rows. ${bundle:default.logEvery}")
    Integer logEvery;

    @Option(names = "--sample-every", description = "Steps between pictures (0: final only)."
            + " ${bundle:default.sampleEvery}")
    Integer sampleEvery;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (0: final"
            + " only). ${bundle:default.checkpointEvery}")
    Integer checkpointEvery;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optCadence(c -> {
            Flags.set(logEvery, c::optLogEvery);
            Flags.set(sampleEvery, c::optSampleEvery);
            Flags.set(checkpointEvery, c::optCheckpointEvery);
        });
    }
}
