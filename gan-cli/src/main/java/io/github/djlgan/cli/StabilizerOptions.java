package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.AugmentConfig;
import io.github.djlgan.api.config.AugmentKind;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;

import java.util.Set;

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

    @Option(names = "--augment", paramLabel = "KINDS", description = "Differentiable augmentation"
            + " (DiffAugment, Zhao et al. 2020) of every image D sees, real and generated, in"
            + " both updates: any of color, translation, cutout, comma-separated. For small image"
            + " sets. Default: none.")
    String augment;

    @Option(names = "--augment-target", paramLabel = "R", description = "With --augment: ADA's"
            + " adaptive probability (Karras et al. 2020): p starts at 0 and moves so that"
            + " E[sign(D(x))] on real images stays near R (0.6 in the paper); logged as augment_p"
            + " in metrics.csv. Default: none (p = 1).")
    Double augmentTarget;

    @Option(names = "--penalty", paramLabel = "KIND", description = "Gradient penalty on D: r1"
            + " (at real data, Mescheder et al. 2018), r2 (at generated data), wgan-gp (at"
            + " interpolates, Gulrajani et al. 2017) or dragan (at perturbed real data, Kodali et"
            + " al. 2017); exact second-order gradients (PyTorch; MXNet 1.9 only for D made of"
            + " linear layers; see --penalty-estimator). With --loss wasserstein, wgan-gp brings"
            + " the paper's Adam, k and no"
            + " clipping; with dcgan, D's batch norm becomes layer norm; none: no penalty."
            + " ${bundle:default.penalty}")
    String penalty;

    /** What {@code --penalty} takes for no penalty where the dataset's default has one. */
    static final String NO_PENALTY = "none";

    @Option(names = "--penalty-weight", paramLabel = "GAMMA", description = "The penalty's"
            + " gamma or lambda. ${bundle:default.penaltyWeight}")
    Double penaltyWeight;

    @Option(names = "--penalty-every", paramLabel = "N", description = "Lazy regularisation"
            + " (StyleGAN2): apply the penalty every N D updates, weighted N x GAMMA. Default: 1.")
    Integer penaltyEvery;

    @Option(names = "--penalty-estimator", paramLabel = "HOW", description = "How --penalty"
            + " gets D's input gradient g: exact (double backpropagation) or finite-difference,"
            + " for r1 and r2 only: the square of (D(x + h v) - D(x - h v)) / 2h along a random"
            + " Gaussian direction v, h = " + PenaltyEstimator.STEP + ", unbiased for ||g||^2 up"
            + " to O(h^2), noisier (relative std 1.4 per sample; for piecewise-linear D its"
            + " parameter gradient also moves D's kinks, see docs/training.md); first-order"
            + " gradients only, so it runs on MXNet and every layer; costs two extra D forwards"
            + " (one on 2N points) and their backward instead of a double backward."
            + " ${bundle:default.penaltyEstimator}")
    String penaltyEstimator;

    void applyTo(TrainingConfig.Builder builder) {
        boolean none = NO_PENALTY.equals(penalty);
        if ((penaltyWeight != null || penaltyEvery != null || penaltyEstimator != null)
                && (penalty == null || none)) {
            throw new InvalidInputException("--penalty-weight, --penalty-every and"
                    + " --penalty-estimator need --penalty KIND (also on the grids, whose default"
                    + " penalty is r1)");
        }
        if (none) {
            builder.optPenalty((PenaltyConfig) null);
        } else if (penalty != null) {
            PenaltyConfig.Builder chosen =
                    PenaltyConfig.builder().setKind(PenaltyKind.fromId(penalty));
            Flags.set(penaltyWeight, chosen::optWeight);
            Flags.set(penaltyEvery, chosen::optEvery);
            if (penaltyEstimator != null) {
                chosen.optEstimator(PenaltyEstimator.fromId(penaltyEstimator));
            }
            builder.optPenalty(chosen); // an unset weight takes the run's default when built
        }
        if (augmentTarget != null && augment == null) {
            throw new InvalidInputException("--augment-target needs --augment KINDS");
        }
        if (augment != null) {
            Set<AugmentKind> kinds = AugmentKind.parseList(augment);
            builder.optAugment(
                    augmentTarget != null
                            ? AugmentConfig.adaptive(kinds, augmentTarget)
                            : AugmentConfig.fixed(kinds, AugmentConfig.DEFAULT_PROBABILITY));
        }
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
