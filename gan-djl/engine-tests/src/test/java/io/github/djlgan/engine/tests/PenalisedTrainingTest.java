package io.github.djlgan.engine.tests;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Penalties inside the training loop, on the project's ring8 MLP discriminator (LeakyReLU): the
 * update, training and resume on both engines (MXNet 1.9 cannot differentiate LeakyReLU's backward
 * pass, so it computes this perceptron's input gradient in closed form); on MXNet the refusal of
 * the exact penalty before training for a D it cannot differentiate twice and that is not a
 * perceptron (maxout), and R1 and R2 by finite differences (first-order only) there.
 */
public class PenalisedTrainingTest {

    private static final float LEARNING_RATE = 0.1f;

    private static TrainingConfig config(String engine, OptimizerConfig discriminatorOptimizer) {
        return TrainingConfig.builder()
                .optRuntime(b -> b.optEngine(engine))
                .optData(b -> b.optBatchSize(64))
                // The hand computation is for an unpacked D (ring8 packs by 2 by default).
                .optStabilizers(b -> b.optPack(1))
                .optModel(b -> b.optHiddenWidth(32))
                .optModel(b -> b.optLatentDim(8))
                .optLoop(b -> b.optDiscriminatorOptimizer(discriminatorOptimizer))
                .optLoop(b -> b.optGeneratorOptimizer(
                        OptimizerConfig.adam(1e-3).withSchedule(LearningRateSchedule.CONSTANT)))
                .optCadence(b -> b.optLogEvery(10))
                .optSeed(21)
                .build();
    }

    /**
     * Builds the models with engine seed 5, their initial parameters saved into {@code initial}
     * the first time and loaded from it after, so that runs compared start alike.
     */
    static GanModels models(TrainingConfig config, Path initial) throws Exception {
        Engine.getEngine(config.runtime().engine()).setRandomSeed(5);
        GanModels models = GanSetup.models(config, Device.cpu());
        if (Files.exists(initial.resolve(GanModels.DISCRIMINATOR_FILE))) {
            models.loadParameters(initial);
        } else {
            models.saveParameters(initial);
        }
        return models;
    }

    private static GanTrainer trainer(
            TrainingConfig config, GanModels models, Optional<PenaltyConfig> penalty) {
        return GanSetup.trainer(
                config, models, GanSetup.realData(config, models, null), penalty);
    }

    private static List<Parameter> weights(GanModels models) {
        return models.discriminator().getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
    }

    /**
     * One D update with R1 by plain SGD (rate r, no momentum) moves D's weights by {@code -r (g_loss
     * + g_R1)}; without R1 by {@code -r g_loss}. Their difference must be {@code -r g_R1}, with
     * g_R1 computed alone on the same real minibatch: nothing else, in particular not the gradient
     * of sum D(x) that libtorch's create-graph backward pass leaves on every parameter (it would
     * add {@code -r sum_i dD(x_i)/dtheta}, of the order of the batch size). g_R1 is computed by
     * hand on the host ({@link #r1Gradient}), independently of the engine.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void updateMovesByThePlainGradientPlusThePenaltysOnly(String engine) throws Exception {
        TrainingConfig config = config(engine, OptimizerConfig.sgd(LEARNING_RATE, 0));
        Path initial = Files.createTempDirectory("penalty-update");
        PenaltyConfig r1 = PenaltyConfig.builder().setKind(PenaltyKind.R1).optWeight(4).build();
        float[][] plain;
        float[][] penalised;
        try (GanModels models = models(config, initial);
                GanTrainer trainer = trainer(config, models, Optional.empty())) {
            trainer.trainStep();
            plain = values(weights(models));
        }
        try (GanModels models = models(config, initial);
                GanTrainer trainer = trainer(config, models, Optional.of(r1))) {
            trainer.trainStep();
            penalised = values(weights(models));
        }
        float[] points;
        float[][] initialWeights;
        try (GanModels models = models(config, initial);
                NDManager step = models.discriminator().getNDManager().newSubManager()) {
            points = GanSetup.realData(config, models, null).next(step, 64).head().toFloatArray();
            initialWeights = values(weights(models));
        }
        double[][] penaltyGradient = r1Gradient(initialWeights, points, 64, 4);
        double scale = 0;
        for (double[] row : penaltyGradient) {
            for (double entry : row) {
                scale = Math.max(scale, LEARNING_RATE * Math.abs(entry));
            }
        }
        assertTrue(scale > 1e-3, "the penalty moves D: " + scale);
        for (int p = 0; p < plain.length; p++) {
            for (int i = 0; i < plain[p].length; i++) {
                // float32 weights of order 1: each subtraction rounds at ~1e-7
                assertEquals(
                        penalised[p][i] - plain[p][i],
                        -LEARNING_RATE * penaltyGradient[p][i],
                        1e-4 * scale + 1e-6,
                        "parameter " + p + "[" + i + "]");
            }
        }
    }

    /**
     * R1's gradient with respect to the parameters of a LeakyReLU perceptron, by hand on the host
     * in double precision. With {@code z_l = W_l h_(l-1) + c_l}, {@code s_l = LeakyReLU'(z_l)}
     * (constant almost everywhere) and {@code w} the output weights, D's input gradient is {@code g
     * = W_1^T (s_1 * W_2^T (s_2 * ... w))}, multilinear in the weights. With {@code a = dP/dg =
     * gamma g / N} per sample, the chain rule through that product gives {@code dP/dW_l = delta_l
     * (beta_(l-1) * s_(l-1))^T}, where {@code delta_l} is the input gradient's factor above layer l
     * and {@code beta} carries a forward through the layers below; biases get 0.
     *
     * @param parameters weight and bias of each linear layer, in block order
     * @param points the real minibatch, row-major
     * @param batch N
     * @param gamma R1's weight
     * @return the gradient, shaped as the parameters
     */
    static double[][] r1Gradient(float[][] parameters, float[] points, int batch, double gamma) {
        int layers = parameters.length / 2;
        int[] widths = new int[layers + 1];
        widths[0] = points.length / batch;
        for (int l = 0; l < layers; l++) {
            widths[l + 1] = parameters[2 * l + 1].length;
        }
        double[][] gradient = new double[parameters.length][];
        for (int p = 0; p < parameters.length; p++) {
            gradient[p] = new double[parameters[p].length];
        }
        for (int i = 0; i < batch; i++) {
            // forward: slopes s_l of the hidden layers
            double[][] slopes = new double[layers][];
            double[] h = new double[widths[0]];
            for (int k = 0; k < widths[0]; k++) {
                h[k] = points[i * widths[0] + k];
            }
            for (int l = 0; l < layers - 1; l++) {
                double[] z = affine(parameters[2 * l], parameters[2 * l + 1], h);
                slopes[l] = new double[z.length];
                for (int j = 0; j < z.length; j++) {
                    slopes[l][j] = z[j] > 0 ? 1 : MlpNetworks.LEAKY_SLOPE;
                    z[j] *= slopes[l][j];
                }
                h = z;
            }
            // delta_l: the input gradient's factor above layer l (delta_(L-1) = w, the output row)
            double[][] delta = new double[layers][];
            delta[layers - 1] = new double[] {1};
            for (int l = layers - 1; l > 0; l--) {
                double[] back = transposeTimes(parameters[2 * l], delta[l], widths[l]);
                for (int j = 0; j < back.length; j++) {
                    back[j] *= slopes[l - 1][j];
                }
                delta[l - 1] = back;
            }
            double[] g = transposeTimes(parameters[0], delta[0], widths[0]);
            // a = dP/dg; beta_l = s_l * (W_l beta_(l-1)), beta_0 = a
            double[] beta = new double[g.length];
            for (int k = 0; k < g.length; k++) {
                beta[k] = gamma * g[k] / batch;
            }
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < widths[l + 1]; j++) {
                    for (int k = 0; k < widths[l]; k++) {
                        gradient[2 * l][j * widths[l] + k] += delta[l][j] * beta[k];
                    }
                }
                if (l < layers - 1) {
                    double[] next = affine(parameters[2 * l], new float[widths[l + 1]], beta);
                    for (int j = 0; j < next.length; j++) {
                        next[j] *= slopes[l][j];
                    }
                    beta = next;
                }
            }
        }
        return gradient;
    }

    private static double[] affine(float[] weight, float[] bias, double[] input) {
        double[] output = new double[bias.length];
        for (int j = 0; j < bias.length; j++) {
            output[j] = bias[j];
            for (int k = 0; k < input.length; k++) {
                output[j] += weight[j * input.length + k] * input[k];
            }
        }
        return output;
    }

    private static double[] transposeTimes(float[] weight, double[] vector, int columns) {
        double[] output = new double[columns];
        for (int j = 0; j < vector.length; j++) {
            for (int k = 0; k < columns; k++) {
                output[k] += weight[j * columns + k] * vector[j];
            }
        }
        return output;
    }

    private static float[][] values(List<Parameter> weights) {
        float[][] values = new float[weights.size()][];
        for (int p = 0; p < weights.size(); p++) {
            values[p] = weights.get(p).getArray().toFloatArray();
        }
        return values;
    }

    /**
     * On MXNet a maxout discriminator (PacGAN's grid D), which MXNet cannot differentiate twice and
     * which is no perceptron, stops an exact penalty before its first step, naming the layer and
     * the finite-difference estimator, with which R1 and R2 train.
     */
    @Test
    public void mxnetRefusesAMaxoutDiscriminatorBeforeTraining() throws Exception {
        TrainingConfig config =
                config("MXNet", OptimizerConfig.adam(1e-3)).toBuilder()
                        .optModel(b -> b.optMaxoutPieces(3))
                        .build();
        try (GanModels models = models(config, Files.createTempDirectory("refusal"))) {
            for (PenaltyKind kind : PenaltyKind.values()) {
                InvalidInputException refusal =
                        expectThrows(
                                InvalidInputException.class,
                                () -> trainer(config, models, Optional.of(PenaltyConfig.of(kind))));
                assertTrue(
                        refusal.getMessage().contains("MXNet")
                                && refusal.getMessage().contains("maxout")
                                && refusal.getMessage().contains("PyTorch")
                                && refusal.getMessage().contains(
                                        "--penalty-estimator finite-difference"),
                        refusal.getMessage());
            }
            for (PenaltyKind kind : List.of(PenaltyKind.R1, PenaltyKind.R2)) {
                PenaltyConfig estimated =
                        PenaltyConfig.builder()
                                .setKind(kind)
                                .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE)
                                .build();
                try (GanTrainer trainer = trainer(config, models, Optional.of(estimated))) {
                    trainer.trainStep();
                    assertTrue(trainer.drainStats().isFinite(), kind + " by finite differences");
                }
            }
        }
    }

    /**
     * A short ring8 run with each penalty (WGAN-GP on the Wasserstein critic loss is covered by the
     * same code path; here all use the default loss) stays finite, and the penalty's mean, read
     * back at every log interval, is finite and not negative. Lazy R1 (N = 4) is one of them.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void ringTrainsWithEachPenaltyWithoutDiverging(String engine) throws Exception {
        TrainingConfig config = config(engine, OptimizerConfig.adam(1e-3));
        Path initial = Files.createTempDirectory("penalty-ring");
        List<PenaltyConfig> penalties =
                List.of(
                        PenaltyConfig.of(PenaltyKind.R1),
                        PenaltyConfig.builder().setKind(PenaltyKind.R1).optEvery(4).build(),
                        PenaltyConfig.of(PenaltyKind.R2),
                        PenaltyConfig.of(PenaltyKind.WGAN_GP),
                        PenaltyConfig.of(PenaltyKind.DRAGAN));
        for (PenaltyConfig penalty : penalties) {
            try (GanModels models = models(config, initial);
                    GanTrainer trainer = trainer(config, models, Optional.of(penalty))) {
                for (int interval = 0; interval < 10; interval++) {
                    for (int step = 0; step < 20; step++) {
                        trainer.trainStep();
                    }
                    StepStats stats = trainer.drainStats();
                    double mean = trainer.stabilizerLogValues().get(GradientPenalty.LOG_COLUMN);
                    assertTrue(stats.isFinite(), penalty + " " + stats);
                    assertTrue(mean >= 0 && Double.isFinite(mean), penalty + " mean " + mean);
                }
                trainer.requireFinite();
            }
        }
    }

    /**
     * A conditional GAN with a spectrally normalised D (labels passed through to D) on labelled
     * images, and a packed D (PacGAN, m = 2: the gradient norm is taken per pack, D's actual input)
     * on ring8 (the project does not combine packing with labels): each penalty gives finite steps
     * and a finite penalty mean.
     */
    @Test
    public void penaltiesWorkWithConditionalSpectralNormAndPackedDiscriminators()
            throws Exception {
        Path data = ImageFixtures.writeCollection(Files.createTempDirectory("labelled"), 256, 32, 5);
        TrainingConfig conditional =
                TrainingConfig.builder()
                        .optRuntime(b -> b.optEngine("PyTorch"))
                        .optData(b -> b.optDataset("fashion-mnist"))
                        .optData(b -> b.optDataDir(data.toString()))
                        .optModel(b -> b.optConditional(true))
                        .optData(b -> b.optBatchSize(16))
                        .optModel(b -> b.optHiddenWidth(16))
                        .optModel(b -> b.optLatentDim(8))
                        .optStabilizers(new Stabilizers(true, 0, 1, 0, 0, 0))
                        .optSeed(8)
                        .build();
        TrainingConfig packed =
                TrainingConfig.builder()
                        .optRuntime(b -> b.optEngine("PyTorch"))
                        .optData(b -> b.optBatchSize(32))
                        .optModel(b -> b.optHiddenWidth(16))
                        .optStabilizers(new Stabilizers(false, 0, 2, 0, 0, 0))
                        .optSeed(8)
                        .build();
        for (TrainingConfig config : List.of(conditional, packed)) {
            for (PenaltyKind kind : PenaltyKind.values()) {
                try (GanModels models = GanSetup.models(config, Device.cpu());
                        GanTrainer trainer =
                                GanSetup.trainer(
                                        config,
                                        models,
                                        GanSetup.realData(
                                                config,
                                                models,
                                                config.model().classes() > 0
                                                        ? GanSetup.images(
                                                                config, ai.djl.training.dataset.Dataset.Usage.TRAIN)
                                                        : null),
                                        Optional.of(PenaltyConfig.of(kind)))) {
                    for (int step = 0; step < 10; step++) {
                        trainer.trainStep();
                    }
                    String where = kind + " on " + config.data().dataset();
                    assertTrue(trainer.drainStats().isFinite(), where);
                    double mean = trainer.stabilizerLogValues().get(GradientPenalty.LOG_COLUMN);
                    assertTrue(mean >= 0 && Double.isFinite(mean), where + " mean " + mean);
                }
            }
        }
    }

    /**
     * Training 2N steps straight with a random, lazy penalty (WGAN-GP, N = 3; DRAGAN; R1 and R2 by
     * finite differences, whose directions are random, R1 lazy with N = 3, R2 and WGAN-GP also on
     * MXNet) and
     * training N steps, checkpointing, and resuming in fresh models and trainer for N more end
     * with the same discriminator: the penalty's counter travels in the checkpoint and its random
     * numbers are drawn again exactly.
     */
    @Test
    public void resumedRunWithAPenaltyEqualsTheStraightOne() throws Exception {
        PenaltyConfig finiteDifferenceR1 =
                PenaltyConfig.builder()
                        .setKind(PenaltyKind.R1)
                        .optEvery(3)
                        .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE)
                        .build();
        PenaltyConfig finiteDifferenceR2 =
                PenaltyConfig.builder()
                        .setKind(PenaltyKind.R2)
                        .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE)
                        .build();
        List<Map.Entry<String, PenaltyConfig>> cases =
                List.of(
                        Map.entry("PyTorch",
                                PenaltyConfig.builder().setKind(PenaltyKind.WGAN_GP).optEvery(3)
                                        .build()),
                        Map.entry("PyTorch", PenaltyConfig.of(PenaltyKind.DRAGAN)),
                        Map.entry("PyTorch", finiteDifferenceR1),
                        Map.entry("MXNet",
                                PenaltyConfig.builder().setKind(PenaltyKind.WGAN_GP).optEvery(3)
                                        .build()),
                        Map.entry("MXNet", finiteDifferenceR2));
        for (Map.Entry<String, PenaltyConfig> chosen : cases) {
            TrainingConfig config = config(chosen.getKey(), OptimizerConfig.adam(1e-3));
            PenaltyConfig penalty = chosen.getValue();
            Path initial = Files.createTempDirectory("penalty-resume");
            float[][] straight;
            try (GanModels models = models(config, initial);
                    GanTrainer trainer = trainer(config, models, Optional.of(penalty))) {
                trainer.fit(14, List.of());
                straight = values(weights(models));
            }
            CheckpointStore store =
                    new CheckpointStore(Files.createTempDirectory("penalty-store"), 2);
            try (GanModels models = models(config, initial);
                    GanTrainer trainer = trainer(config, models, Optional.of(penalty))) {
                trainer.fit(7, List.of());
                store.write(trainer.step(), "mlp", trainer.checkpointParts());
            }
            Checkpoint checkpoint = store.latest().orElseThrow();
            float[][] resumed;
            try (GanModels models = models(config, initial)) {
                models.loadParameters(checkpoint.directory());
                try (GanTrainer trainer = trainer(config, models, Optional.of(penalty))) {
                    trainer.restore(checkpoint);
                    trainer.fit(14, List.of());
                    resumed = values(weights(models));
                }
            }
            for (int p = 0; p < straight.length; p++) {
                assertEquals(resumed[p], straight[p], 1e-6f,
                        chosen.getKey() + " " + penalty + " parameter " + p);
            }
        }
    }
}
