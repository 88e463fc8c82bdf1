package io.github.djlgan.api.config;

import io.github.djlgan.api.InvalidInputException;

/**
 * The training stabilisers beyond the paper, each off by default and each independent of the loss
 * (except label smoothing, which needs a loss with a real target, see {@link
 * LossKind#hasRealTarget()}).
 *
 * @param spectralNorm whether D's linear and convolution layers are spectrally normalised
 *     (Miyato et al. 2018)
 * @param ema the decay of the exponential moving average of G's weights that sampling and
 *     evaluation use, in [0, 1); 0 for none
 * @param pack how many samples D judges at once (PacGAN, Lin et al. 2018); 1 for no packing
 * @param labelSmoothing s of one-sided label smoothing: D's real target is {@code 1 - s}
 *     (Salimans et al. 2016), in [0, 1)
 * @param instanceNoise the standard deviation of Gaussian noise added to every input of D
 *     (Sonderby et al. 2017), 0 for none
 * @param weightClip c: after every D update its weights are clipped to [-c, c] (the Wasserstein
 *     GAN's Lipschitz constraint), 0 for none
 * @see <a href="https://arxiv.org/abs/1802.05957">Miyato et al. 2018, spectral normalisation</a>
 * @see <a href="https://arxiv.org/abs/1712.04086">Lin et al. 2018, PacGAN</a>
 * @see <a href="https://arxiv.org/abs/1606.03498">Salimans et al. 2016, section 3.4</a>
 * @see <a href="https://arxiv.org/abs/1610.04490">Sonderby et al. 2017, instance noise</a>
 */
public record Stabilizers(
        boolean spectralNorm,
        double ema,
        int pack,
        double labelSmoothing,
        double instanceNoise,
        double weightClip) {

    /** No stabiliser: the paper's plain GAN. */
    public static final Stabilizers NONE = new Stabilizers(false, 0, 1, 0, 0, 0);

    /** The Wasserstein GAN's clipping bound c = 0.01 (Arjovsky et al. 2017, Algorithm 1). */
    public static final double WASSERSTEIN_CLIP = 0.01;

    /** Validates every field. */
    public Stabilizers {
        Check.unitInterval("ema", ema);
        Check.atLeast("pack", pack, 1);
        Check.unitInterval("labelSmoothing", labelSmoothing);
        nonNegative("instanceNoise", instanceNoise);
        nonNegative("weightClip", weightClip);
    }

    /**
     * Returns a builder; unset fields take {@link ConfigDefaults} (weight clipping at {@link
     * #WASSERSTEIN_CLIP} for the Wasserstein loss, nothing otherwise).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optSpectralNorm(spectralNorm)
                .optEma(ema)
                .optPack(pack)
                .optLabelSmoothing(labelSmoothing)
                .optInstanceNoise(instanceNoise)
                .optWeightClip(weightClip);
    }

    /**
     * Returns a copy with another clipping bound.
     *
     * @param newWeightClip c, 0 for none
     * @return the copy
     */
    public Stabilizers withWeightClip(double newWeightClip) {
        return new Stabilizers(
                spectralNorm, ema, pack, labelSmoothing, instanceNoise, newWeightClip);
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(
                    field + " must be a number >= 0, got " + value);
        }
    }

    /** Builds {@link Stabilizers}. */
    public static final class Builder {

        private Boolean spectralNorm;
        private Double ema;
        private Integer pack;
        private Double labelSmoothing;
        private Double instanceNoise;
        private Double weightClip;

        Builder() {}

        /**
         * Sets whether D's layers are spectrally normalised. Default {@link
         * ConfigDefaults#SPECTRAL_NORM}.
         *
         * @param spectralNorm whether to normalise
         * @return this builder
         */
        public Builder optSpectralNorm(boolean spectralNorm) {
            this.spectralNorm = spectralNorm;
            return this;
        }

        /**
         * Sets the decay of G's weight average. Default {@link ConfigDefaults#EMA}.
         *
         * @param ema in [0, 1), 0 for none
         * @return this builder
         */
        public Builder optEma(double ema) {
            this.ema = ema;
            return this;
        }

        /**
         * Sets how many samples D judges at once. Default {@link ConfigDefaults#PACK}.
         *
         * @param pack at least 1
         * @return this builder
         */
        public Builder optPack(int pack) {
            this.pack = pack;
            return this;
        }

        /**
         * Sets one-sided label smoothing. Default {@link ConfigDefaults#LABEL_SMOOTHING}.
         *
         * @param labelSmoothing s in [0, 1)
         * @return this builder
         */
        public Builder optLabelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /**
         * Sets the instance noise's standard deviation. Default {@link
         * ConfigDefaults#INSTANCE_NOISE}.
         *
         * @param instanceNoise at least 0
         * @return this builder
         */
        public Builder optInstanceNoise(double instanceNoise) {
            this.instanceNoise = instanceNoise;
            return this;
        }

        /**
         * Sets the weight clipping bound c. Default {@link ConfigDefaults#WEIGHT_CLIP}.
         *
         * @param weightClip at least 0, 0 for none
         * @return this builder
         */
        public Builder optWeightClip(double weightClip) {
            this.weightClip = weightClip;
            return this;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on
         * @return the stabilisers
         * @throws InvalidInputException naming a bad field and its value
         */
        public Stabilizers build(ConfigDefaults.Basis basis) {
            return new Stabilizers(
                    Check.or(spectralNorm, ConfigDefaults.SPECTRAL_NORM, basis),
                    Check.or(ema, ConfigDefaults.EMA, basis),
                    Check.or(pack, ConfigDefaults.PACK, basis),
                    Check.or(labelSmoothing, ConfigDefaults.LABEL_SMOOTHING, basis),
                    Check.or(instanceNoise, ConfigDefaults.INSTANCE_NOISE, basis),
                    Check.or(weightClip, ConfigDefaults.WEIGHT_CLIP, basis));
        }
    }
}
