package io.github.djlgan.api.config;

import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.api.data.SyntheticDistribution.Layout;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one source of every default of a {@link TrainingConfig}. A default may depend on the
 * dataset's kind, the architecture and the loss (the {@link Basis}); each {@link ConfigDefault}
 * lists
 * its cases in order, the first that applies wins, each with the reason it was chosen. The
 * configuration builders resolve their unset fields here, and {@code gan train --help} states the
 * defaults by {@link ConfigDefault#describe describing} the same settings, so the two cannot
 * disagree.
 */
public final class ConfigDefaults {

    /** Images: IDX collections and image folders. */
    public static final Condition IMAGES = new Condition("images", b -> b.dataset().isImage());

    /** The IDX collections (MNIST, Fashion-MNIST). */
    public static final Condition IDX_COLLECTIONS =
            new Condition("IDX collections", b -> b.dataset() instanceof DatasetSpec.Images);

    /** Folders of pictures. */
    public static final Condition IMAGE_FOLDERS =
            new Condition("image folders", b -> b.dataset() instanceof DatasetSpec.Folder);

    /** The ring mixtures: ring8 and ring:N. */
    public static final Condition RINGS = new Condition("rings",
            b -> b.dataset().synthetic().map(d -> d.layout() == Layout.RING).orElse(false));

    /** The grid mixtures: grid25 and grid:N. */
    public static final Condition GRIDS = new Condition("grids",
            b -> b.dataset().synthetic().map(d -> d.layout() == Layout.GRID).orElse(false));

    /** The paper's maxout MLPs. */
    public static final Condition PAPER_MLP =
            new Condition("paper-mlp", b -> b.architecture() == ArchitectureKind.PAPER_MLP);

    /** The DCGAN architecture. */
    public static final Condition DCGAN =
            new Condition("dcgan", b -> b.architecture() == ArchitectureKind.DCGAN);

    /** The Wasserstein loss. */
    public static final Condition WASSERSTEIN =
            new Condition("the wasserstein loss", b -> b.loss() == LossKind.WASSERSTEIN);

    /** WGAN-GP: the Wasserstein loss with its gradient penalty (Gulrajani et al. 2017). */
    public static final Condition WGAN_GP =
            new Condition("the wasserstein loss with wgan-gp",
                    b -> b.loss() == LossKind.WASSERSTEIN && b.penalty() == PenaltyKind.WGAN_GP,
                    WASSERSTEIN);

    /** R1 on the built-in distributions (points in 1D or 2D). */
    public static final Condition R1_ON_POINTS =
            new Condition("r1 on built-in data",
                    b -> b.penalty() == PenaltyKind.R1 && !b.dataset().isImage());

    /** R1 on the grid mixtures. */
    public static final Condition R1_ON_GRIDS =
            new Condition("r1 on grids",
                    b -> b.penalty() == PenaltyKind.R1 && GRIDS.test().test(b));

    /** The engine. */
    public static final ConfigDefault<String> ENGINE =
            ConfigDefault.<String>named("engine").otherwise("PyTorch", "the most used DJL engine");

    /** The device. */
    public static final ConfigDefault<String> DEVICE =
            ConfigDefault.<String>named("device").otherwise("cpu", "every machine has one");

    /** The data source. */
    public static final ConfigDefault<String> DATASET =
            ConfigDefault.<String>named("dataset")
                    .otherwise("ring8", "the standard mode-collapse benchmark, trains in a minute");

    /** The networks. */
    public static final ConfigDefault<ArchitectureKind> ARCHITECTURE =
            ConfigDefault.<ArchitectureKind>named("architecture")
                    .when(IMAGES, ArchitectureKind.DCGAN,
                            "convolutions suit pictures (Radford 2015)")
                    .otherwise(ArchitectureKind.MLP, "points in 1D or 2D need no convolutions");

    /** The side images are resized to. */
    public static final ConfigDefault<Integer> IMAGE_SIZE =
            ConfigDefault.<Integer>named("imageSize")
                    .when(IDX_COLLECTIONS, 28, "the IDX collections' own size")
                    .when(IMAGE_FOLDERS, 64,
                            "the size DCGAN trained on faces and bedrooms at")
                    .otherwise(0, "the built-in distributions are not images");

    /** The images' colour channels. */
    public static final ConfigDefault<Integer> CHANNELS =
            ConfigDefault.<Integer>named("channels")
                    .when(IDX_COLLECTIONS, 1, "the IDX collections are grayscale")
                    .when(IMAGE_FOLDERS, 3, "pictures are usually in colour")
                    .otherwise(0, "the built-in distributions are not images");

    /** What transparent pixels are composited onto before a picture is resized. */
    public static final ConfigDefault<Background> BACKGROUND =
            ConfigDefault.<Background>named("background")
                    .when(IMAGE_FOLDERS, Background.WHITE,
                            "sprites, icons and emoji are drawn for light pages")
                    .otherwise(Background.WHITE,
                            "only pictures with transparency use it, and these have none");

    /** The minibatch size. */
    public static final ConfigDefault<Integer> BATCH_SIZE =
            ConfigDefault.<Integer>named("batchSize")
                    .when(IMAGES, 64, "DCGAN's setting (Radford et al. 2015)")
                    .otherwise(256, "low-variance gradients for 2D mixtures, still fast");

    /** The std of a ring's or grid's modes. */
    public static final ConfigDefault<Double> MIXTURE_STD =
            ConfigDefault.<Double>named("mixtureStd")
                    .when(RINGS, SyntheticDistribution.RING_STD,
                            "VEEGAN's ring: 1% of the radius (Srivastava et al. 2017)")
                    .when(GRIDS, SyntheticDistribution.GRID_STD,
                            "variance 0.0025 (Srivastava et al. 2017; Lin et al. 2018)")
                    .otherwise(0.0, "only rings and grids take a std");

    /** The prior p_z. */
    public static final ConfigDefault<NoiseKind> NOISE =
            ConfigDefault.<NoiseKind>named("noise")
                    .when(PAPER_MLP, NoiseKind.UNIFORM, "the paper's uniform prior")
                    .otherwise(NoiseKind.GAUSSIAN, "the common choice since DCGAN");

    /** The size of z. */
    public static final ConfigDefault<Integer> LATENT_DIM =
            ConfigDefault.<Integer>named("latentDim")
                    .when(IMAGES, 100, "DCGAN's and the paper's z of 100")
                    .otherwise(8, "enough for a 2D mixture of 25 modes");

    /** The hidden width. */
    public static final ConfigDefault<Integer> HIDDEN_WIDTH =
            ConfigDefault.<Integer>named("hiddenWidth")
                    .when(PAPER_MLP, 1200, "the paper's 1200-unit generator, 240 maxout units in D")
                    .when(DCGAN, 64, "DCGAN's base feature maps")
                    .otherwise(128, "covers ring8's modes within the default budget");

    /** The number of hidden layers. */
    public static final ConfigDefault<Integer> HIDDEN_LAYERS =
            ConfigDefault.<Integer>named("hiddenLayers").otherwise(2,
                    "the paper's networks' depth");

    /** Batch normalisation in the mlp generator. */
    public static final ConfigDefault<Boolean> GENERATOR_BATCH_NORM =
            ConfigDefault.<Boolean>named("generatorBatchNorm")
                    .otherwise(false, "grid25 at 20,000 steps: 2.7% high quality with it, 16%"
                            + " without (measured)");

    /** Maxout units in the mlp discriminator. */
    public static final ConfigDefault<Integer> MAXOUT_PIECES =
            ConfigDefault.<Integer>named("maxoutPieces")
                    .otherwise(0, "LeakyReLU(0.2) covers ring8's and, with r1, grid25's modes;"
                            + " maxout untried at grid25's full length");

    /** The number of classes. */
    public static final ConfigDefault<Integer> CLASSES =
            ConfigDefault.<Integer>named("classes").otherwise(0,
                    "an unconditional GAN, as in the paper");

    /** The number of generator updates. */
    public static final ConfigDefault<Long> STEPS =
            ConfigDefault.<Long>named("steps")
                    .when(IMAGES, 2000L, "recognisable Fashion-MNIST samples in minutes")
                    .when(GRIDS, 80000L, "grid25 with r1 and ema, seed 101: 25 of 25 modes with"
                            + " >= 1%, 96.5% high quality; 76.0% at 40,000 steps (measured)")
                    .otherwise(10000L, "ring8 covers its modes by then at the default rate");

    /** k, the discriminator updates per generator update. */
    public static final ConfigDefault<Integer> DISCRIMINATOR_STEPS =
            ConfigDefault.<Integer>named("discriminatorSteps")
                    .when(WASSERSTEIN, 5, "n_critic = 5 (Arjovsky et al. 2017, Algorithm 1)")
                    .otherwise(1, "the paper's experiments use k = 1");

    /** The loss. */
    public static final ConfigDefault<LossKind> LOSS =
            ConfigDefault.<LossKind>named("loss")
                    .otherwise(LossKind.NON_SATURATING, "the paper's practical choice (section 3)");

    /**
     * Both networks' optimiser. On the built-in distributions Adam at 1e-3 decaying linearly: at
     * DCGAN's 2e-4 a plain GAN collapses onto few ring8 modes within the default budget, at 1e-3 it
     * covers them (measured).
     */
    public static final ConfigDefault<OptimizerConfig> OPTIMIZER =
            ConfigDefault.<OptimizerConfig>named("optimizer")
                    .when(WGAN_GP, new OptimizerConfig(OptimizerKind.ADAM, 1e-4, 0.0, 0.9, 1e-8,
                                    0.5, LearningRateSchedule.CONSTANT),
                            "Adam at 1e-4, beta1 0, beta2 0.9 (Gulrajani et al. 2017, Algorithm 1)")
                    .when(WASSERSTEIN, OptimizerConfig.rmsprop(5e-5),
                            "RMSProp at 5e-5 (Arjovsky et al. 2017, Algorithm 1)")
                    .when(IMAGES, OptimizerConfig.adam(OptimizerConfig.DCGAN_LEARNING_RATE),
                            "DCGAN's Adam at 2e-4, beta1 0.5")
                    .otherwise(OptimizerConfig.adam(1e-3)
                                    .withSchedule(LearningRateSchedule.LINEAR),
                            "covers ring8's modes where 2e-4 collapses (measured)");

    /** The momentum an SGD ramp ends at when only its length is given. */
    public static final ConfigDefault<Double> FINAL_MOMENTUM =
            ConfigDefault.<Double>named("finalMomentum")
                    .otherwise(OptimizerConfig.PAPER_FINAL_MOMENTUM,
                            "the paper's ramp from 0.5 to 0.7");

    /** Spectral normalisation. */
    public static final ConfigDefault<Boolean> SPECTRAL_NORM =
            ConfigDefault.<Boolean>named("spectralNorm").otherwise(false, "the paper's plain GAN");

    /** The decay of G's weight average. */
    public static final ConfigDefault<Double> EMA =
            ConfigDefault.<Double>named("ema")
                    .when(GRIDS, 0.999, "grid25 with r1, seed 2, 40,000 steps: 93.0% high-quality"
                            + " samples with it, 83.6% without (measured; Yazici et al. 2019)")
                    .otherwise(0.0, "the paper's plain GAN");

    /** PacGAN's packing. */
    public static final ConfigDefault<Integer> PACK =
            ConfigDefault.<Integer>named("pack")
                    .when(RINGS, 2, "ring8: 8 of 8 modes with >= 1% each on every seed measured")
                    .otherwise(1, "the paper's plain GAN");

    /** One-sided label smoothing. */
    public static final ConfigDefault<Double> LABEL_SMOOTHING =
            ConfigDefault.<Double>named("labelSmoothing").otherwise(0.0, "the paper's plain GAN");

    /** Instance noise. */
    public static final ConfigDefault<Double> INSTANCE_NOISE =
            ConfigDefault.<Double>named("instanceNoise").otherwise(0.0, "the paper's plain GAN");

    /** Weight clipping. */
    public static final ConfigDefault<Double> WEIGHT_CLIP =
            ConfigDefault.<Double>named("weightClip")
                    .when(WGAN_GP, 0.0,
                            "the penalty replaces clipping (Gulrajani et al. 2017, section 4)")
                    .when(WASSERSTEIN, Stabilizers.WASSERSTEIN_CLIP,
                            "c = 0.01 keeps the critic Lipschitz (Arjovsky et al. 2017)")
                    .otherwise(0.0, "the other losses need no Lipschitz constraint");

    /**
     * The gradient penalty's gamma (R1, R2) or lambda (WGAN-GP, DRAGAN). For R1 on the built-in
     * distributions gamma 1, measured on ring8 (2,500 steps, seeds 1 and 2, all 8 modes covered
     * with every gamma; high-quality share 41/54% at gamma 1, 25/37% at 0.1, 28/26% at 10, 2.3/0.2%
     * without a penalty; docs/measurements.md); elsewhere each paper's 10.
     */
    public static final ConfigDefault<Double> PENALTY_WEIGHT =
            ConfigDefault.<Double>named("penaltyWeight")
                    .when(R1_ON_GRIDS, 1.0, "grid25 (256x3, pack 4, 20,000 steps): 78% high"
                            + " quality at gamma 1, 29% at 0.1, 14% at 3 (measured)")
                    .when(R1_ON_POINTS, 1.0, "ring8, 2 seeds: 47% high-quality samples at gamma 1,"
                            + " 31% at 0.1, 27% at 10, 1% without (measured)")
                    .otherwise(10.0, "each paper's: gamma 10 (Mescheder et al. 2018), lambda 10"
                            + " (Gulrajani et al. 2017, Kodali et al. 2017)");

    /**
     * The gradient penalty on D; null for none. R1 on the grids: without it grid25's generator
     * spreads its samples over the modes' neighbourhoods and does not sharpen them (measured, 1
     * December 2026, docs/measurements.md).
     */
    public static final ConfigDefault<PenaltyKind> PENALTY =
            ConfigDefault.<PenaltyKind>named("penalty")
                    .when(WASSERSTEIN, null, "the loss has its own Lipschitz constraint"
                            + " (clipping, or --penalty wgan-gp)")
                    .when(GRIDS, PenaltyKind.R1, "grid25 at 20,000 steps: 25 of 25 modes with"
                            + " >= 1% and 80% high quality with it, 8 and 24% without (measured)")
                    .otherwise(null, "the paper's plain GAN");

    /** How the penalty gets D's input gradient. */
    public static final ConfigDefault<PenaltyEstimator> PENALTY_ESTIMATOR =
            ConfigDefault.<PenaltyEstimator>named("penaltyEstimator")
                    .otherwise(PenaltyEstimator.EXACT, "no approximation; grid25 seed 2: 25 of 25"
                            + " modes with >= 1%, 93% high quality, against 22 and 57% by finite"
                            + " differences (measured)");

    /** The logging interval. */
    public static final ConfigDefault<Integer> LOG_EVERY =
            ConfigDefault.<Integer>named("logEvery")
                    .when(IMAGES, 50, "image steps are slow; a row every minute or so")
                    .when(GRIDS, 800, "100 rows over the grids' 80000 steps")
                    .otherwise(100, "100 rows over the default 10000 steps");

    /** The sample picture interval. */
    public static final ConfigDefault<Integer> SAMPLE_EVERY =
            ConfigDefault.<Integer>named("sampleEvery")
                    .when(IMAGES, 500, "4 pictures over the default 2000 image steps")
                    .when(GRIDS, 8000, "10 pictures over the grids' 80000 steps")
                    .otherwise(1000, "10 pictures over the default 10000 steps");

    /** The checkpoint interval. */
    public static final ConfigDefault<Integer> CHECKPOINT_EVERY =
            ConfigDefault.<Integer>named("checkpointEvery")
                    .when(IMAGES, 500, "at most a few minutes lost to a crash")
                    .when(GRIDS, 8000, "10 checkpoints over the grids' 80000 steps")
                    .otherwise(1000, "10 checkpoints over the default 10000 steps");

    /** How many checkpoints are kept. */
    public static final ConfigDefault<Integer> KEEP_CHECKPOINTS =
            ConfigDefault.<Integer>named("keepCheckpoints")
                    .otherwise(5, "enough to go back past a divergence, little disk");

    /** What happens on divergence. */
    public static final ConfigDefault<DivergenceAction> ON_DIVERGENCE =
            ConfigDefault.<DivergenceAction>named("onDivergence")
                    .otherwise(DivergenceAction.STOP, "a diverged run is reported, not hidden");

    /** How many rollbacks a run may make. */
    public static final ConfigDefault<Integer> MAX_ROLLBACKS =
            ConfigDefault.<Integer>named("maxRollbacks")
                    .otherwise(3, "a learning rate 8 times lower is a different run");

    /** What each rollback multiplies the learning rates by. */
    public static final ConfigDefault<Double> ROLLBACK_FACTOR =
            ConfigDefault.<Double>named("rollbackFactor")
                    .otherwise(0.5, "halving is the usual first remedy");

    /** The metric of the best checkpoint kept. */
    public static final ConfigDefault<BestMetric> KEEP_BEST =
            ConfigDefault.<BestMetric>named("keepBest")
                    .otherwise(BestMetric.NONE, "measuring costs time at every checkpoint");

    private static final List<ConfigDefault<?>> ALL =
            List.of(ENGINE, DEVICE, DATASET, ARCHITECTURE, IMAGE_SIZE, CHANNELS, BACKGROUND, BATCH_SIZE,
                    MIXTURE_STD, NOISE, LATENT_DIM, HIDDEN_WIDTH, HIDDEN_LAYERS,
                    GENERATOR_BATCH_NORM, MAXOUT_PIECES, CLASSES, STEPS,
                    DISCRIMINATOR_STEPS, LOSS, OPTIMIZER, FINAL_MOMENTUM, SPECTRAL_NORM, EMA, PACK,
                    LABEL_SMOOTHING, INSTANCE_NOISE, WEIGHT_CLIP, PENALTY, PENALTY_WEIGHT,
                    PENALTY_ESTIMATOR, LOG_EVERY,
                    SAMPLE_EVERY, CHECKPOINT_EVERY, KEEP_CHECKPOINTS, ON_DIVERGENCE, MAX_ROLLBACKS,
                    ROLLBACK_FACTOR, KEEP_BEST);

    private ConfigDefaults() {}

    /**
     * Returns every setting, in the order of the configuration's groups.
     *
     * @return the settings
     */
    public static List<ConfigDefault<?>> all() {
        return ALL;
    }

    /**
     * What the defaults depend on.
     *
     * @param dataset the data source
     * @param architecture the networks
     * @param loss the loss
     * @param penalty the gradient penalty, or null for none
     */
    public record Basis(
            DatasetSpec dataset,
            ArchitectureKind architecture,
            LossKind loss,
            PenaltyKind penalty) {

        /** Checks that every part but the penalty is set. */
        public Basis {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(loss, "loss");
        }

        /**
         * Creates the basis of a run without a gradient penalty.
         *
         * @param dataset the data source
         * @param architecture the networks
         * @param loss the loss
         */
        public Basis(DatasetSpec dataset, ArchitectureKind architecture, LossKind loss) {
            this(dataset, architecture, loss, null);
        }

        /**
         * Returns the basis of a run, taking the defaults for what is not given.
         *
         * @param dataset the data source's name, or null for the default
         * @param architecture the networks, or null for the dataset's default
         * @param loss the loss, or null for the default
         * @return the basis
         * @throws io.github.djlgan.api.InvalidInputException if the dataset's name is unknown
         */
        public static Basis of(String dataset, ArchitectureKind architecture, LossKind loss) {
            return of(dataset, architecture, loss, null);
        }

        /**
         * Returns the basis of a run whose penalty is not given: the dataset's default one
         * ({@link #PENALTY}), taking the defaults for what else is not given.
         *
         * @param dataset the data source's name, or null for the default
         * @param architecture the networks, or null for the dataset's default
         * @param loss the loss, or null for the default
         * @return the basis
         * @throws io.github.djlgan.api.InvalidInputException if the dataset's name is unknown
         */
        public static Basis withDefaultPenalty(
                String dataset, ArchitectureKind architecture, LossKind loss) {
            Basis none = of(dataset, architecture, loss, null);
            return new Basis(none.dataset(), none.architecture(), none.loss(),
                    PENALTY.value(none));
        }

        /**
         * Returns the basis of a run, taking the defaults for what is not given.
         *
         * @param dataset the data source's name, or null for the default
         * @param architecture the networks, or null for the dataset's default
         * @param loss the loss, or null for the default
         * @param penalty the gradient penalty, or null for none
         * @return the basis
         * @throws io.github.djlgan.api.InvalidInputException if the dataset's name is unknown
         */
        public static Basis of(
                String dataset, ArchitectureKind architecture, LossKind loss, PenaltyKind penalty) {
            DatasetSpec spec =
                    DatasetSpec.parse(dataset != null ? dataset : DATASET.otherwiseValue());
            LossKind chosenLoss = loss != null ? loss : LOSS.otherwiseValue();
            // The architecture's default depends on the dataset only.
            Basis partial = new Basis(spec, ArchitectureKind.MLP, chosenLoss);
            return new Basis(
                    spec,
                    architecture != null ? architecture : ARCHITECTURE.value(partial),
                    chosenLoss,
                    penalty);
        }
    }

    /**
     * A resolved default.
     *
     * @param value the value
     * @param reason why it is the default, one line
     * @param <T> the value's type
     */
    public record Default<T>(T value, String reason) {}

    /**
     * When a case applies.
     *
     * @param label how the help text names it, for example "images"
     * @param test whether it applies to a basis
     * @param within a condition that holds wherever this one does, or null: where the case just
     *     after this one is {@code within}'s with the same value, the help text need not name this
     *     one
     */
    public record Condition(String label, Predicate<Basis> test, Condition within) {

        /**
         * Creates a condition that narrows no other.
         *
         * @param label how the help text names it
         * @param test whether it applies to a basis
         */
        public Condition(String label, Predicate<Basis> test) {
            this(label, test, null);
        }
    }

}
