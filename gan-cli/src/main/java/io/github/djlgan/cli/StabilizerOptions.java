package io.github.djlgan.cli;

import io.github.djlgan.api.config.TrainingConfig;

import picocli.CommandLine.Option;

/** {@code gan train}'s stabiliser options. */
final class StabilizerOptions {

    @Option(names = "--spectral-norm", negatable = true, description = "Spectrally normalise D's"
            + " linear and convolution layers (Miyato et al. 2018).")
    Boolean spectralNorm;

    @Option(names = "--ema", paramLabel = "BETA", description = "Average G's weights with decay"
            + " BETA (for example 0.999) for sampling and evaluation; 0: off."
            + " ${bundle:default.ema}")
    Double ema;

    @Option(names = "--pack", paramLabel = "M", description = "D judges M samples at once"
            + " (PacGAN); must divide the batch size. ${bundle:default.pack}")
    Integer pack;

    @Option(names = "--label-smoothing", paramLabel = "S", description = "One-sided label"
            + " smoothing: D's real target is 1 - S (minimax, non-saturating, least-squares)."
            + " ${bundle:default.labelSmoothing}")
    Double labelSmoothing;

    @Option(names = "--instance-noise", paramLabel = "SIGMA", description = "Standard deviation of"
            + " Gaussian noise added to every sample D sees. ${bundle:default.instanceNoise}")
    Double instanceNoise;

    @Option(names = "--weight-clip", paramLabel = "C", description = "Clip D's weights to [-C, C]"
            + " after each update; 0: off. ${bundle:default.weightClip}")
    Double weightClip;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optStabilizers(s -> {
            Flags.set(spectralNorm, s::optSpectralNorm);
            Flags.set(ema, s::optEma);
            Flags.set(pack, s::optPack);
            Flags.set(labelSmoothing, s::optLabelSmoothing);
            Flags.set(instanceNoise, s::optInstanceNoise);
            Flags.set(weightClip, s::optWeightClip);
        });
    }
}
