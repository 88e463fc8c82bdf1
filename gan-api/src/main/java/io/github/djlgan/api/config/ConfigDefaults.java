package io.github.djlgan.api.config;

import io.github.djlgan.api.data.DatasetSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one source of every default of a {@link TrainingConfig}. A default may depend on the
 * dataset's kind, the architecture and the loss (the {@link Basis}); each {@link Setting} lists
 * its cases in order, the first that applies wins, each with the reason it was chosen. The
 * configuration builders resolve their unset fields here, and {@code gan train --help} states the
 * defaults by {@link Setting#describe describing} the same settings, so the two cannot disagree.
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

    /** The paper's maxout MLPs. */
    public static final Condition PAPER_MLP =
            new Condition("paper-mlp", b -> b.architecture() == ArchitectureKind.PAPER_MLP);

    /** The DCGAN architecture. */
    public static final Condition DCGAN =
            new Condition("dcgan", b -> b.architecture() == ArchitectureKind.DCGAN);

    /** The Wasserstein loss. */
    public static final Condition WASSERSTEIN =
            new Condition("the wasserstein loss", b -> b.loss() == LossKind.WASSERSTEIN);

    /** The engine. */
    public static final Setting<String> ENGINE =
            Setting.<String>named("engine").otherwise("PyTorch", "the most used DJL engine");

    /** The device. */
    public static final Setting<String> DEVICE =
            Setting.<String>named("device").otherwise("cpu", "every machine has one");

    /** The data source. */
    public static final Setting<String> DATASET =
            Setting.<String>named("dataset")
                    .otherwise("ring8", "the standard mode-collapse benchmark, trains in a minute");

    /** The networks. */
    public static final Setting<ArchitectureKind> ARCHITECTURE =
            Setting.<ArchitectureKind>named("architecture")
                    .when(IMAGES, ArchitectureKind.DCGAN, "convolutions suit pictures (Radford 2015)")
                    .otherwise(ArchitectureKind.MLP, "points in 1D or 2D need no convolutions");

    /** The side images are resized to. */
    public static final Setting<Integer> IMAGE_SIZE =
            Setting.<Integer>named("imageSize")
                    .when(IDX_COLLECTIONS, 28, "the IDX collections' own size")
                    .when(IMAGE_FOLDERS, 64,
                            "the size DCGAN trained on faces and bedrooms at")
                    .otherwise(0, "the built-in distributions are not images");

    /** The images' colour channels. */
    public static final Setting<Integer> CHANNELS =
            Setting.<Integer>named("channels")
                    .when(IDX_COLLECTIONS, 1, "the IDX collections are grayscale")
                    .when(IMAGE_FOLDERS, 3, "pictures are usually in colour")
                    .otherwise(0, "the built-in distributions are not images");

    /** The minibatch size. */
    public static final Setting<Integer> BATCH_SIZE =
            Setting.<Integer>named("batchSize")
                    .when(IMAGES, 64, "DCGAN's setting (Radford et al. 2015)")
                    .otherwise(256, "low-variance gradients for 2D mixtures, still fast");

    /** The prior p_z. */
    public static final Setting<NoiseKind> NOISE =
            Setting.<NoiseKind>named("noise")
                    .when(PAPER_MLP, NoiseKind.UNIFORM, "the paper's uniform prior")
                    .otherwise(NoiseKind.GAUSSIAN, "the common choice since DCGAN");

    /** The size of z. */
    public static final Setting<Integer> LATENT_DIM =
            Setting.<Integer>named("latentDim")
                    .when(IMAGES, 100, "DCGAN's and the paper's z of 100")
                    .otherwise(8, "enough for a 2D mixture of 25 modes");

    /** The hidden width. */
    public static final Setting<Integer> HIDDEN_WIDTH =
            Setting.<Integer>named("hiddenWidth")
                    .when(PAPER_MLP, 1200, "the paper's 1200-unit generator, 240 maxout units in D")
                    .when(DCGAN, 64, "DCGAN's base feature maps")
                    .otherwise(128, "covers ring8's modes within the default budget");

    /** The number of hidden layers. */
    public static final Setting<Integer> HIDDEN_LAYERS =
            Setting.<Integer>named("hiddenLayers").otherwise(2, "the paper's networks' depth");

    /** The number of classes. */
    public static final Setting<Integer> CLASSES =
            Setting.<Integer>named("classes").otherwise(0, "an unconditional GAN, as in the paper");

    /** The number of generator updates. */
    public static final Setting<Long> STEPS =
            Setting.<Long>named("steps")
                    .when(IMAGES, 2000L, "recognisable Fashion-MNIST samples in minutes")
                    .otherwise(10000L, "ring8 covers its modes by then at the default rate");

    /** k, the discriminator updates per generator update. */
    public static final Setting<Integer> DISCRIMINATOR_STEPS =
            Setting.<Integer>named("discriminatorSteps")
                    .when(WASSERSTEIN, 5, "n_critic = 5 (Arjovsky et al. 2017, Algorithm 1)")
                    .otherwise(1, "the paper's experiments use k = 1");

    /** The loss. */
    public static final Setting<LossKind> LOSS =
            Setting.<LossKind>named("loss")
                    .otherwise(LossKind.NON_SATURATING, "the paper's practical choice (section 3)");

    /**
     * Both networks' optimiser. On the built-in distributions Adam at 1e-3 decaying linearly: at
     * DCGAN's 2e-4 a plain GAN collapses onto few ring8 modes within the default budget, at 1e-3 it
     * covers them (measured).
     */
    public static final Setting<OptimizerConfig> OPTIMIZER =
            Setting.<OptimizerConfig>named("optimizer")
                    .when(WASSERSTEIN, OptimizerConfig.rmsprop(5e-5),
                            "RMSProp at 5e-5 (Arjovsky et al. 2017, Algorithm 1)")
                    .when(IMAGES, OptimizerConfig.adam(OptimizerConfig.DCGAN_LEARNING_RATE),
                            "DCGAN's Adam at 2e-4, beta1 0.5")
                    .otherwise(OptimizerConfig.adam(1e-3)
                                    .withSchedule(LearningRateSchedule.LINEAR),
                            "covers ring8's modes where 2e-4 collapses (measured)");

    /** The momentum an SGD ramp ends at when only its length is given. */
    public static final Setting<Double> FINAL_MOMENTUM =
            Setting.<Double>named("finalMomentum")
                    .otherwise(OptimizerConfig.PAPER_FINAL_MOMENTUM,
                            "the paper's ramp from 0.5 to 0.7");

    /** Spectral normalisation. */
    public static final Setting<Boolean> SPECTRAL_NORM =
            Setting.<Boolean>named("spectralNorm").otherwise(false, "the paper's plain GAN");

    /** The decay of G's weight average. */
    public static final Setting<Double> EMA =
            Setting.<Double>named("ema").otherwise(0.0, "the paper's plain GAN");

    /** PacGAN's packing. */
    public static final Setting<Integer> PACK =
            Setting.<Integer>named("pack").otherwise(1, "the paper's plain GAN");

    /** One-sided label smoothing. */
    public static final Setting<Double> LABEL_SMOOTHING =
            Setting.<Double>named("labelSmoothing").otherwise(0.0, "the paper's plain GAN");

    /** Instance noise. */
    public static final Setting<Double> INSTANCE_NOISE =
            Setting.<Double>named("instanceNoise").otherwise(0.0, "the paper's plain GAN");

    /** Weight clipping. */
    public static final Setting<Double> WEIGHT_CLIP =
            Setting.<Double>named("weightClip")
                    .when(WASSERSTEIN, Stabilizers.WASSERSTEIN_CLIP,
                            "c = 0.01 keeps the critic Lipschitz (Arjovsky et al. 2017)")
                    .otherwise(0.0, "the other losses need no Lipschitz constraint");

    /** The logging interval. */
    public static final Setting<Integer> LOG_EVERY =
            Setting.<Integer>named("logEvery")
                    .when(IMAGES, 50, "image steps are slow; a row every minute or so")
                    .otherwise(100, "100 rows over the default 10000 steps");

    /** The sample picture interval. */
    public static final Setting<Integer> SAMPLE_EVERY =
            Setting.<Integer>named("sampleEvery")
                    .when(IMAGES, 500, "4 pictures over the default 2000 image steps")
                    .otherwise(1000, "10 pictures over the default 10000 steps");

    /** The checkpoint interval. */
    public static final Setting<Integer> CHECKPOINT_EVERY =
            Setting.<Integer>named("checkpointEvery")
                    .when(IMAGES, 500, "at most a few minutes lost to a crash")
                    .otherwise(1000, "10 checkpoints over the default 10000 steps");

    /** How many checkpoints are kept. */
    public static final Setting<Integer> KEEP_CHECKPOINTS =
            Setting.<Integer>named("keepCheckpoints")
                    .otherwise(5, "enough to go back past a divergence, little disk");

    /** What happens on divergence. */
    public static final Setting<DivergenceAction> ON_DIVERGENCE =
            Setting.<DivergenceAction>named("onDivergence")
                    .otherwise(DivergenceAction.STOP, "a diverged run is reported, not hidden");

    /** How many rollbacks a run may make. */
    public static final Setting<Integer> MAX_ROLLBACKS =
            Setting.<Integer>named("maxRollbacks")
                    .otherwise(3, "a learning rate 8 times lower is a different run");

    /** What each rollback multiplies the learning rates by. */
    public static final Setting<Double> ROLLBACK_FACTOR =
            Setting.<Double>named("rollbackFactor")
                    .otherwise(0.5, "halving is the usual first remedy");

    /** The metric of the best checkpoint kept. */
    public static final Setting<BestMetric> KEEP_BEST =
            Setting.<BestMetric>named("keepBest")
                    .otherwise(BestMetric.NONE, "measuring costs time at every checkpoint");

    private static final List<Setting<?>> ALL =
            List.of(ENGINE, DEVICE, DATASET, ARCHITECTURE, IMAGE_SIZE, CHANNELS, BATCH_SIZE,
                    NOISE, LATENT_DIM, HIDDEN_WIDTH, HIDDEN_LAYERS, CLASSES, STEPS,
                    DISCRIMINATOR_STEPS, LOSS, OPTIMIZER, FINAL_MOMENTUM, SPECTRAL_NORM, EMA, PACK,
                    LABEL_SMOOTHING, INSTANCE_NOISE, WEIGHT_CLIP, LOG_EVERY, SAMPLE_EVERY,
                    CHECKPOINT_EVERY, KEEP_CHECKPOINTS, ON_DIVERGENCE, MAX_ROLLBACKS,
                    ROLLBACK_FACTOR, KEEP_BEST);

    private ConfigDefaults() {}

    /**
     * Returns every setting, in the order of the configuration's groups.
     *
     * @return the settings
     */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /**
     * What the defaults depend on.
     *
     * @param dataset the data source
     * @param architecture the networks
     * @param loss the loss
     */
    public record Basis(DatasetSpec dataset, ArchitectureKind architecture, LossKind loss) {

        /** Checks that every part is set. */
        public Basis {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(loss, "loss");
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
            DatasetSpec spec =
                    DatasetSpec.parse(dataset != null ? dataset : DATASET.cases().get(0).value());
            LossKind chosenLoss = loss != null ? loss : LOSS.cases().get(0).value();
            // The architecture's default depends on the dataset only.
            Basis partial = new Basis(spec, ArchitectureKind.MLP, chosenLoss);
            return new Basis(
                    spec,
                    architecture != null ? architecture : ARCHITECTURE.value(partial),
                    chosenLoss);
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
     */
    public record Condition(String label, Predicate<Basis> test) {}

    /**
     * One case of a setting.
     *
     * @param when when it applies, null for every basis (the last case)
     * @param value the default
     * @param reason why, one line
     * @param <T> the value's type
     */
    public record Case<T>(Condition when, T value, String reason) {}

    /**
     * One setting's default: cases tried in order, the last applying always.
     *
     * @param <T> the value's type
     */
    public static final class Setting<T> {

        private final String name;
        private final List<Case<T>> cases = new ArrayList<>();

        private Setting(String name) {
            this.name = name;
        }

        private static <T> Setting<T> named(String name) {
            return new Setting<>(name);
        }

        private Setting<T> when(Condition condition, T value, String reason) {
            cases.add(new Case<>(condition, value, reason));
            return this;
        }

        private Setting<T> otherwise(T value, String reason) {
            cases.add(new Case<>(null, value, reason));
            return this;
        }

        /**
         * Returns the setting's name, the config field it fills.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Returns the cases, in the order they are tried; the last applies always.
         *
         * @return the cases
         */
        public List<Case<T>> cases() {
            return List.copyOf(cases);
        }

        /**
         * Returns the default for a basis and the reason for it.
         *
         * @param basis what the default depends on
         * @return the first case that applies
         */
        public Default<T> resolve(Basis basis) {
            for (Case<T> c : cases) {
                if (c.when() == null || c.when().test().test(basis)) {
                    return new Default<>(c.value(), c.reason());
                }
            }
            throw new IllegalStateException(name + " has no case for every basis");
        }

        /**
         * Returns the default for a basis.
         *
         * @param basis what the default depends on
         * @return the value
         */
        public T value(Basis basis) {
            return resolve(basis).value();
        }

        /**
         * Describes the default for a help text, for example {@code "Default: 2000 for images,
         * otherwise 10000."}: the first case that applies wins.
         *
         * @return the sentence
         */
        public String describe() {
            return describe(value -> value);
        }

        /**
         * Describes one part of the default, for example the learning rate of an optimiser.
         * Neighbouring cases with the same part are joined, and cases that the later ones would
         * give the same part anyway are left out.
         *
         * @param part the part of a value the sentence states
         * @return the sentence
         */
        public String describe(Function<T, ?> part) {
            List<String> labels = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = cases.size() - 1; i >= 0; i--) {
                Case<T> c = cases.get(i);
                String value = format(part.apply(c.value()));
                if (c.when() == null) {
                    labels.add(0, null);
                    values.add(0, value);
                } else if (values.stream().allMatch(value::equals)) {
                    continue; // the later cases give the same
                } else if (values.get(0).equals(value) && labels.get(0) != null) {
                    labels.set(0, c.when().label() + " or " + labels.get(0));
                } else {
                    labels.add(0, c.when().label());
                    values.add(0, value);
                }
            }
            StringBuilder text = new StringBuilder("Default: ");
            for (int i = 0; i < values.size() - 1; i++) {
                text.append(values.get(i)).append(" for ").append(labels.get(i)).append(", ");
            }
            if (values.size() > 1) {
                text.append("otherwise ");
            }
            return text.append(values.get(values.size() - 1)).append('.').toString();
        }
    }

    /**
     * Writes a default as the help text states it: small numbers as {@code 1e-3}, ids of choices
     * as they are typed.
     *
     * @param value the value
     * @return the text
     */
    static String format(Object value) {
        if (value instanceof Double number) {
            BigDecimal decimal = BigDecimal.valueOf(number).stripTrailingZeros();
            if (decimal.precision() == 1 && decimal.scale() >= 3) {
                return decimal.unscaledValue() + "e-" + decimal.scale();
            }
            return decimal.scale() < 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
