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
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Penalties inside the training loop, on the project's ring8 MLP discriminator (LeakyReLU): on
 * PyTorch the update, training and resume; on MXNet the refusal before training, since MXNet 1.9
 * cannot differentiate LeakyReLU's backward pass.
 */
public class PenalisedTrainingTest {

    private static final float LEARNING_RATE = 0.1f;

    private static TrainingConfig config(String engine, OptimizerConfig discriminatorOptimizer) {
        return TrainingConfig.builder()
                .optEngine(engine)
                .optBatchSize(64)
                .optHiddenWidth(32)
                .optLatentDim(8)
                .optDiscriminatorOptimizer(discriminatorOptimizer)
                .optGeneratorOptimizer(
                        OptimizerConfig.adam(1e-3).withSchedule(LearningRateSchedule.CONSTANT))
                .optLogEvery(10)
                .optSeed(21)
                .build();
    }

    private static GanModels models(TrainingConfig config, Path initial) throws Exception {
        Engine.getEngine(config.engine()).setRandomSeed(5);
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
     * add {@code -r sum_i dD(x_i)/dtheta}, of the order of the batch size).
     */
    @Test
    public void updateMovesByThePlainGradientPlusThePenaltysOnly() throws Exception {
        String engine = "PyTorch";
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
        float[][] penaltyGradient;
        try (GanModels models = models(config, initial);
                GradientPenalty penalty = GradientPenalties.create(r1, models, 64, 1);
                NDManager step = models.discriminator().getNDManager().newSubManager()) {
            NDList real = GanSetup.realData(config, models, null).next(step, 64);
            Block block = models.discriminator().getBlock();
            Function<NDList, NDArray> d =
                    input ->
                            block.forward(new ParameterStore(step, false), input, true)
                                    .singletonOrThrow();
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDArray logits = d.apply(real);
                collector.backward(penalty.penalty(d, real, real, logits, logits));
            }
            List<Parameter> weights = weights(models);
            penaltyGradient = new float[weights.size()][];
            for (int p = 0; p < weights.size(); p++) {
                penaltyGradient[p] = weights.get(p).getArray().getGradient().toFloatArray();
            }
        }
        double scale = 0;
        for (float[] row : penaltyGradient) {
            for (float entry : row) {
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

    private static float[][] values(List<Parameter> weights) {
        float[][] values = new float[weights.size()][];
        for (int p = 0; p < weights.size(); p++) {
            values[p] = weights.get(p).getArray().toFloatArray();
        }
        return values;
    }

    /** On MXNet the ring8 discriminator's LeakyReLU stops the run before its first step. */
    @Test
    public void mxnetRefusesTheRingDiscriminatorBeforeTraining() throws Exception {
        TrainingConfig config = config("MXNet", OptimizerConfig.adam(1e-3));
        try (GanModels models = models(config, Files.createTempDirectory("refusal"))) {
            for (PenaltyKind kind : PenaltyKind.values()) {
                InvalidInputException refusal =
                        expectThrows(
                                InvalidInputException.class,
                                () -> trainer(config, models, Optional.of(PenaltyConfig.of(kind))));
                assertTrue(
                        refusal.getMessage().contains("MXNet")
                                && refusal.getMessage().contains("LeakyReLU")
                                && refusal.getMessage().contains("PyTorch"),
                        refusal.getMessage());
            }
        }
    }

    /**
     * A short ring8 run with each penalty (WGAN-GP on the Wasserstein critic loss is covered by the
     * same code path; here all use the default loss) stays finite, and the penalty's mean, read
     * back at every log interval, is finite and not negative. Lazy R1 (N = 4) is one of them.
     */
    @Test
    public void ringTrainsWithEachPenaltyWithoutDiverging() throws Exception {
        TrainingConfig config = config("PyTorch", OptimizerConfig.adam(1e-3));
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
                GradientPenalty term = trainer.stabilizer(GradientPenalty.class).orElseThrow();
                for (int interval = 0; interval < 10; interval++) {
                    for (int step = 0; step < 20; step++) {
                        trainer.trainStep();
                    }
                    StepStats stats = trainer.drainStats();
                    double mean = term.drainMean();
                    assertTrue(stats.isFinite(), penalty + " " + stats);
                    assertTrue(mean >= 0 && Double.isFinite(mean), penalty + " mean " + mean);
                }
                trainer.requireFinite();
            }
        }
    }

    /**
     * Training 2N steps straight with a random, lazy penalty (WGAN-GP, N = 3; DRAGAN) and training
     * N steps, checkpointing, and resuming in fresh models and trainer for N more end with the same
     * discriminator: the penalty's counter travels in the checkpoint and its random points are
     * drawn again exactly.
     */
    @Test
    public void resumedRunWithAPenaltyEqualsTheStraightOne() throws Exception {
        TrainingConfig config = config("PyTorch", OptimizerConfig.adam(1e-3));
        for (PenaltyConfig penalty :
                List.of(
                        PenaltyConfig.builder().setKind(PenaltyKind.WGAN_GP).optEvery(3).build(),
                        PenaltyConfig.of(PenaltyKind.DRAGAN))) {
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
                assertEquals(resumed[p], straight[p], 1e-6f, penalty + " parameter " + p);
            }
        }
    }
}
