package io.github.djlgan.cli;

import io.github.djlgan.api.config.BestMetric;
import io.github.djlgan.api.config.DivergenceAction;
import io.github.djlgan.api.config.TrainingConfig;

import picocli.CommandLine.Option;

/** {@code gan train}'s reliability options. They may change on resume. */
final class ReliabilityOptions {

    @Option(names = "--keep-checkpoints", description = "How many of the newest checkpoints to"
            + " keep. ${bundle:default.keepCheckpoints}")
    Integer keepCheckpoints;

    @Option(names = "--keep-best", paramLabel = "METRIC", description = "Also keep the best"
            + " checkpoint by this metric, measured at every checkpoint on the generator (its"
            + " --ema average when kept) and named in checkpoints/best.json: modes (modes covered,"
            + " ties by high-quality share) or high-quality (share of samples within 3 std of a"
            + " mode); synthetic datasets only. Use it with --checkpoint best in gan sample, eval"
            + " and the other commands. ${bundle:default.keepBest}")
    String keepBest;

    @Option(names = "--on-divergence", description = "stop (exit code 3, last good checkpoint"
            + " kept) or rollback (reload it, lower the learning rates, go on)."
            + " ${bundle:default.onDivergence}")
    String onDivergence;

    @Option(names = "--max-rollbacks", description = "Rollbacks allowed before stopping."
            + " ${bundle:default.maxRollbacks}")
    Integer maxRollbacks;

    @Option(names = "--rollback-lr-factor", description = "What each rollback multiplies both"
            + " learning rates by, in (0, 1). ${bundle:default.rollbackFactor}")
    Double rollbackFactor;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optReliability(r -> {
            Flags.set(keepCheckpoints, r::optKeepCheckpoints);
            Flags.set(keepBest, v -> r.optKeepBest(BestMetric.fromId(v)));
            Flags.set(onDivergence, v -> r.optOnDivergence(DivergenceAction.fromId(v)));
            Flags.set(maxRollbacks, r::optMaxRollbacks);
            Flags.set(rollbackFactor, r::optRollbackFactor);
        });
    }
}
