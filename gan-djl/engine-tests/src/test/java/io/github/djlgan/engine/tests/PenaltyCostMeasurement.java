package io.github.djlgan.engine.tests;

import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.OptimizerKind;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.FinalEvaluation;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.testng.SkipException;
import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a penalty costs on ring8 at the default settings (batch 256, MLP width 128): time per step
 * with and without it, whether native memory stays flat, and the modes covered after the run
 * (2,500 samples; {@code wgan-gp+wasserstein} uses the WGAN-GP paper's critic settings). Minutes long, so it runs only when
 * asked: {@code -Dpenalty.measure=true}, with {@code -Dpenalty.engine} (default PyTorch), {@code
 * -Dpenalty.steps} (default 4000) and {@code -Dpenalty.kinds} (default {@code none,r1}; {@code
 * r1/16} is R1 every 16 D updates, {@code r1-fd} R1 by the finite-difference estimator).
 */
public class PenaltyCostMeasurement {

    private static final int WARM_UP = 200;

    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /**
     * Prints milliseconds per step and the growth of resident memory over the second half of the
     * steps; asserts it is under 400 kB per step. A penalty through libtorch's create-graph
     * backward, which keeps each step's graph alive through leaf/gradient cycles, grew by about
     * 1.2 MB per step; without a penalty, glibc's heap still settles for a few thousand steps
     * under ./gan's malloc settings (about 85 kB per step here between steps 1,700 and 3,200).
     */
    @Test
    public void timePerStepAndFlatMemory() throws Exception {
        if (!Boolean.getBoolean("penalty.measure")) {
            throw new SkipException("a measurement: run with -Dpenalty.measure=true");
        }
        String engine = System.getProperty("penalty.engine", "PyTorch");
        int steps = Integer.getInteger("penalty.steps", 4000);
        for (String requested : System.getProperty("penalty.kinds", "none,r1").split(",")) {
            String kind = requested;
            TrainingConfig.Builder builder = TrainingConfig.builder().optRuntime(b -> b.optEngine(engine)).optSeed(3);
            if (kind.endsWith("+wasserstein")) {
                // the WGAN-GP paper's critic settings: Adam 1e-4, beta1 0, beta2 0.9, k 5, no clip
                OptimizerConfig adam =
                        new OptimizerConfig(
                                OptimizerKind.ADAM,
                                1e-4,
                                0,
                                0.9,
                                1e-8,
                                0,
                                LearningRateSchedule.CONSTANT,
                                0,
                                0);
                builder.optLoop(b -> b.optLoss(LossKind.WASSERSTEIN))
                        .optLoop(b -> b.optDiscriminatorSteps(5))
                        .optLoop(b -> b.optGeneratorOptimizer(adam))
                        .optLoop(b -> b.optDiscriminatorOptimizer(adam))
                        .optStabilizers(Stabilizers.NONE);
                kind = kind.substring(0, kind.indexOf('+'));
            }
            TrainingConfig config = builder.build();
            Engine.getEngine(engine).setRandomSeed(5);
            String[] kindAndEvery = kind.split("/");
            boolean estimated = kindAndEvery[0].endsWith("-fd");
            Optional<PenaltyConfig> penalty =
                    kind.equals("none")
                            ? Optional.empty()
                            : Optional.of(
                                    PenaltyConfig.builder()
                                            .setKind(PenaltyKind.fromId(
                                                    kindAndEvery[0].replace("-fd", "")))
                                            .optEstimator(estimated
                                                    ? PenaltyEstimator.FINITE_DIFFERENCE
                                                    : PenaltyEstimator.EXACT)
                                            .optEvery(
                                                    kindAndEvery.length > 1
                                                            ? Integer.parseInt(kindAndEvery[1])
                                                            : 1)
                                            .build());
            try (GanModels models = GanSetup.models(config, Device.cpu());
                    GanTrainer trainer =
                            GanSetup.trainer(
                                    config,
                                    models,
                                    GanSetup.realData(config, models, null),
                                    penalty)) {
                for (int i = 0; i < WARM_UP; i++) {
                    trainer.trainStep();
                }
                trainer.drainStats();
                long start = System.nanoTime();
                long half = 0;
                for (int i = 0; i < steps; i++) {
                    trainer.trainStep();
                    if (i == steps / 2) {
                        half = residentKb();
                    }
                }
                trainer.drainStats();
                double millis = (System.nanoTime() - start) / 1e6 / steps;
                long end = residentKb();
                System.out.printf(
                        "penalty cost %s %s: %.2f ms/step over %d steps; resident %d -> %d kB"
                                + " over the second half (%.1f kB/step)%n",
                        engine,
                        kind,
                        millis,
                        steps,
                        half,
                        end,
                        (end - half) / (double) (steps - steps / 2));
                ModeCoverage coverage =
                        FinalEvaluation.modeCoverage(
                                config,
                                models,
                                GanSetup.noise(config, RunSeeds.derive(config.seed()).evaluation()),
                                2500);
                System.out.printf(
                        "penalty coverage %s %s (%s, k %d): %d of %d modes, %.1f%% high quality%n",
                        engine,
                        kind,
                        config.loop().loss().id(),
                        config.loop().discriminatorSteps(),
                        coverage.modesCovered(),
                        coverage.modes(),
                        100 * coverage.highQualityShare());
                double perStep = (end - half) / (double) (steps - steps / 2);
                assertTrue(perStep < 400, kind + ": " + perStep + " kB per step");
            }
        }
    }
}
