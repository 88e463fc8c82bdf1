package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.AugmentConfig;
import io.github.djlgan.api.config.AugmentKind;
import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.augment.DiffAugment;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointComparison;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * DCGAN on a tiny image set (16 pictures of 28x28) with every augmentation and ADA's adaptive p,
 * through the unchanged training loop: the losses stay finite, p moves inside [0, 1], and a run
 * checkpointed half way and resumed ends where the straight run ends, p and its counters
 * included.
 */
public class AugmentedTrainingTest {

    private static final int STEPS = 24;
    /** ADA's speed raised so that p moves within a few steps: 0.16 per adjustment. */
    private static final AugmentConfig AUGMENT =
            new AugmentConfig(
                    EnumSet.allOf(AugmentKind.class), 1, OptionalDouble.of(0.6), 4, 200);

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void trainsWithoutDivergingAndResumesExactly(String engine) throws IOException {
        Path data = ImageFixtures.writeCollection(Files.createTempDirectory("augment"), 16, 8, 3);
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(b -> b.optEngine(engine))
                        .optData(b -> b.optDataset("fashion-mnist"))
                        .optData(b -> b.optDataDir(data.toString()))
                        .optModel(b -> b.optArchitecture(ArchitectureKind.DCGAN))
                        .optData(b -> b.optBatchSize(8))
                        .optLoop(b -> b.optDiscriminatorSteps(2))
                        // 16, not 8: MXNet's MKL build dies of SIGFPE on DCGAN widths 4, 8 and
                        // 12 on some CPUs (EngineQuirks.SMALL_DCGAN_CRASHES; seen here on a Zen 5
                        // EPYC), which gan train refuses before training.
                        .optModel(b -> b.optHiddenWidth(16))
                        .optModel(b -> b.optLatentDim(16))
                        .optCadence(b -> b.optLogEvery(4))
                        .optLoop(b -> b.optGeneratorOptimizer(
                                OptimizerConfig.adam(2e-4)
                                        .withSchedule(LearningRateSchedule.CONSTANT)))
                        .optLoop(b -> b.optDiscriminatorOptimizer(
                                OptimizerConfig.adam(2e-4)
                                        .withSchedule(LearningRateSchedule.CONSTANT)))
                        .optLoop(b -> b.optSteps(STEPS))
                        .optSeed(5)
                        .build();
        Path straightDir = Files.createTempDirectory("straight");
        Path resumedDir = Files.createTempDirectory("resumed");
        List<Double> probabilities = new ArrayList<>();
        Map<String, Long> straightPositions;
        try (Run straight = new Run(config, null)) {
            straight.trainer.fit(STEPS, List.of(new TrainingListener() {
                @Override
                public void onStats(GanTrainer trainer, StepStats stats) {
                    assertTrue(stats.isFinite(), "finite at step " + stats.step());
                    probabilities.add(
                            trainer.stabilizerLogValues().get(DiffAugment.LOG_COLUMN));
                }
            }));
            straightPositions = straight.augment.positions();
            straight.checkpoint(straightDir);
        }
        System.out.printf("augmented DCGAN on %s: p at the log intervals %s%n", engine,
                probabilities);
        for (double p : probabilities) {
            assertTrue(p >= 0 && p <= 1, "p = " + p);
        }
        // D soon calls all 16 pictures real (r_t > 0.6): ADA raises p
        double last = probabilities.get(probabilities.size() - 1);
        assertTrue(last > 0.5, "ADA raised p: " + probabilities);
        assertEquals(straightPositions.get(DiffAugment.POSITION), (2L * 2 + 1) * 8 * STEPS,
                "real and fake in each of k = 2 D updates, fake in the G update");

        Checkpoint half;
        try (Run first = new Run(config, null)) {
            first.trainer.fit(STEPS / 2, List.of());
            half = first.checkpoint(resumedDir);
        }
        try (Run second = new Run(config, half)) {
            second.trainer.fit(STEPS, List.of());
            assertEquals(second.augment.positions(), straightPositions);
            second.checkpoint(resumedDir);
        }
        double difference =
                CheckpointComparison.maxParameterDifference(config, straightDir, resumedDir);
        System.out.printf("augmented resume %s: max |straight - resumed| = %.3g%n", engine,
                difference);
        assertTrue(difference <= 1e-5, "parameters differ by " + difference);
    }

    /** Models, data and a trainer with DiffAugment, new or restored from a checkpoint. */
    private static final class Run implements AutoCloseable {
        final GanModels models;
        final DiffAugment augment;
        final GanTrainer trainer;

        Run(TrainingConfig config, Checkpoint from) throws IOException {
            RunSeeds seeds = RunSeeds.derive(config.seed());
            Engine.getEngine(config.runtime().engine()).setRandomSeed(seeds.engine());
            models = GanSetup.models(config, Device.cpu());
            if (from != null) {
                models.loadParameters(from.directory());
            }
            augment =
                    DiffAugment.of(
                            AUGMENT,
                            models.sampleShape(),
                            config.model().architecture().pixelRange(),
                            DiffAugment.streamSeed(seeds),
                            models.discriminator().getNDManager());
            ImageDataset images = GanSetup.images(config, ai.djl.training.dataset.Dataset.Usage.TRAIN);
            trainer =
                    GanTrainer.builder()
                            .setModels(models)
                            .setLoss(GanLoss.of(config.loop().loss()))
                            .setGeneratorOptimizer(
                                    Optimizers.of(config.loop().generatorOptimizer(), config.loop().steps()))
                            .setDiscriminatorOptimizer(
                                    Optimizers.of(
                                            config.loop().discriminatorOptimizer(),
                                            config.loop().steps() * config.loop().discriminatorSteps()))
                            .setRealData(GanSetup.realData(config, models, images))
                            .setNoise(GanSetup.noise(config, seeds.noise()))
                            .setBatchSize(config.data().batchSize())
                            .optDiscriminatorSteps(config.loop().discriminatorSteps())
                            .optLogEvery(config.cadence().logEvery())
                            .addInputTransform(augment)
                            .build();
            if (from != null) {
                trainer.restore(from);
            }
        }

        /** Writes a checkpoint into a run directory's {@code checkpoints}. */
        Checkpoint checkpoint(Path directory) throws IOException {
            return new CheckpointStore(directory.resolve("checkpoints"), 2)
                    .write(trainer.step(), "dcgan", trainer.checkpointParts());
        }

        @Override
        public void close() {
            trainer.close();
            models.close();
        }
    }
}
