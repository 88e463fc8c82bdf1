package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.checkpoint.CheckpointComparison;
import io.github.djlgan.djl.train.GeneratorEma;
import io.github.djlgan.djl.data.ImageFixtures;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class ResumeTest {

    private static final TrainingRun.Options OPTIONS = new TrainingRun.Options(false, false, null);
    private static final int HALF = 20;
    /**
     * ring8 with every random or stateful extra: instance noise (its own random stream), the
     * average of G's weights, and SGD with the paper's momentum ramp for G.
     */
    private static final String STABILIZED = "ring8 + instance noise, EMA, momentum ramp";

    @DataProvider
    public Object[][] runs() {
        return new Object[][] {
            {"PyTorch", "ring8"}, {"MXNet", "ring8"}, {"PyTorch", "fashion-mnist"},
            {"MXNet", "fashion-mnist"}, {"PyTorch", STABILIZED}, {"MXNet", STABILIZED}
        };
    }

    /** Small settings; constant learning rates, so that the schedule does not depend on steps. */
    static TrainingConfig config(String engine, String dataset, Path data, long steps) {
        boolean stabilized = dataset.equals(STABILIZED);
        boolean images = !dataset.equals("ring8") && !stabilized;
        TrainingConfig.Builder builder =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(engine))
                        .optData(d -> d
                                .optDataset(stabilized ? "ring8" : dataset)
                                .optBatchSize(images ? 16 : 64))
                        .optLoop(l -> l.optSteps(steps).optDiscriminatorSteps(2))
                        .optModel(m -> m
                                .optHiddenWidth(images ? 16 : 32)
                                .optLatentDim(images ? 16 : 8))
                        .optCadence(c -> c.optLogEvery(5).optSampleEvery(0).optCheckpointEvery(10))
                        .optSeed(11);
        if (images) {
            builder.optData(d -> d.optDataDir(data.toString()));
        }
        OptimizerConfig optimizer =
                (images ? OptimizerConfig.adam(2e-4) : OptimizerConfig.adam(1e-3))
                        .withSchedule(LearningRateSchedule.CONSTANT);
        if (stabilized) {
            builder.optStabilizers(new Stabilizers(false, 0.9, 1, 0, 0.1, 0));
            return builder.optLoop(l -> l
                            .optGeneratorOptimizer(
                                    OptimizerConfig.sgd(0.05, 0.5).withMomentumRamp(0.7, 3 * HALF))
                            .optDiscriminatorOptimizer(optimizer))
                    .build();
        }
        return builder.optLoop(l -> l
                        .optGeneratorOptimizer(optimizer)
                        .optDiscriminatorOptimizer(optimizer))
                .build();
    }

    /**
     * Training 2N steps straight, and training N steps then resuming for N more, end with the same
     * parameters (within 1e-5) on each engine, for the MLP on ring8 and for DCGAN on images (whose
     * data order and batch-norm statistics must carry over too).
     */
    @Test(dataProvider = "runs")
    public void resumingGivesTheParametersOfTrainingStraightThrough(String engine, String dataset)
            throws IOException {
        Path data =
                !dataset.equals("fashion-mnist")
                        ? null
                        : ImageFixtures.writeCollection(
                                Files.createTempDirectory("resume-data"), 96, 32, 5);
        Path straight = Files.createTempDirectory("straight");
        TrainingRun.execute(config(engine, dataset, data, 2 * HALF), straight, OPTIONS);

        Path resumed = Files.createTempDirectory("resumed");
        TrainingRun.execute(config(engine, dataset, data, HALF), resumed, OPTIONS);
        assertTrue(Files.isRegularFile(resumed.resolve("summary.json")));
        TrainingRun.resume(config(engine, dataset, data, 2 * HALF), resumed, OPTIONS).train();

        double difference = maxDifference(engine, dataset, data, straight, resumed);
        System.out.printf(
                "resume equality %s %s: max |straight - resumed| = %.3g%n",
                engine, dataset, difference);
        assertTrue(difference <= 1e-5, "parameters differ by " + difference);
        if (dataset.equals(STABILIZED)) {
            // The average of G's weights carried on too: the same values, so the same bytes.
            assertEquals(
                    Files.readAllBytes(
                            CheckpointComparison.latest(resumed).part(GeneratorEma.FILE)),
                    Files.readAllBytes(
                            CheckpointComparison.latest(straight).part(GeneratorEma.FILE)));
        }
        // The metrics rows of both halves follow each other without a gap or a repeat.
        List<String> straightRows = Files.readAllLines(straight.resolve("metrics.csv"));
        List<String> resumedRows = Files.readAllLines(resumed.resolve("metrics.csv"));
        assertEquals(resumedRows.size(), straightRows.size());
        for (int row = 1; row < straightRows.size(); row++) {
            assertEquals(
                    resumedRows.get(row).substring(0, resumedRows.get(row).lastIndexOf(',')),
                    straightRows.get(row).substring(0, straightRows.get(row).lastIndexOf(',')));
        }
    }

    private static double maxDifference(
            String engine, String dataset, Path data, Path first, Path second)
            throws IOException {
        assertEquals(CheckpointComparison.latest(first).step(), 2L * HALF);
        assertEquals(CheckpointComparison.latest(second).step(), 2L * HALF);
        return CheckpointComparison.maxParameterDifference(
                config(engine, dataset, data, 2 * HALF), first, second);
    }

    /**
     * A damaged newest checkpoint is skipped for the one before it, whose resume still reaches the
     * straight run's parameters; a run with no usable checkpoint is refused and left as it was.
     */
    @Test
    public void aDamagedCheckpointIsDetectedAndSkipped() throws IOException {
        Path straight = Files.createTempDirectory("straight");
        TrainingRun.execute(config("PyTorch", "ring8", null, 2 * HALF), straight, OPTIONS);

        Path run = Files.createTempDirectory("damaged");
        TrainingRun.execute(config("PyTorch", "ring8", null, HALF), run, OPTIONS);
        Path checkpoints = run.resolve("checkpoints");
        assertTrue(Files.isDirectory(checkpoints.resolve("step-00000010")));
        Path newest = checkpoints.resolve("step-00000020/generator.params");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 1;
        Files.write(newest, bytes);
        InvalidInputException damaged =
                expectThrows(
                        InvalidInputException.class,
                        () -> Checkpoint.open(checkpoints.resolve("step-00000020")));
        assertTrue(
                damaged.getMessage().contains("generator.params does not match its SHA-256"),
                damaged.getMessage());
        // A crash while writing leaves a temporary directory; it is never taken for a checkpoint.
        Files.createDirectories(checkpoints.resolve(".step-00000030123"));

        TrainingRun.resume(config("PyTorch", "ring8", null, 2 * HALF), run, OPTIONS).train();
        assertFalse(Files.exists(checkpoints.resolve(".step-00000030123")));
        assertTrue(
                maxDifference("PyTorch", "ring8", null, straight, run) <= 1e-5,
                "resumed from step 10");

        Path empty = Files.createTempDirectory("nocheckpoint");
        Files.writeString(empty.resolve("config.json"), "{}");
        InvalidInputException none =
                expectThrows(
                        InvalidInputException.class,
                        () ->
                                TrainingRun.resume(
                                        config("PyTorch", "ring8", null, 2 * HALF),
                                        empty,
                                        OPTIONS));
        assertTrue(none.getMessage().contains("no complete, undamaged checkpoint"));
        assertEquals(Files.readString(empty.resolve("config.json")), "{}");
    }
}
