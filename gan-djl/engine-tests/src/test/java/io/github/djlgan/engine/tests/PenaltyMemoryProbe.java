package io.github.djlgan.engine.tests;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

public class PenaltyMemoryProbe {

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    public void probe() throws Exception {
        String engine = System.getProperty("probe.engine", "PyTorch");
        int steps = Integer.getInteger("probe.steps", 1000);
        for (String kind : System.getProperty("probe.kinds", "none,r1").split(",")) {
            TrainingConfig config = TrainingConfig.builder().optEngine(engine).optSeed(3).build();
            Engine.getEngine(engine).setRandomSeed(5);
            Optional<PenaltyConfig> penalty =
                    kind.equals("none")
                            ? Optional.empty()
                            : Optional.of(PenaltyConfig.of(PenaltyKind.fromId(kind)));
            try (GanModels models = GanSetup.models(config, Device.cpu());
                    GanTrainer trainer =
                            GanSetup.trainer(
                                    config, models, GanSetup.realData(config, models, null), penalty)) {
                for (int i = 0; i < 200; i++) {
                    trainer.trainStep();
                }
                trainer.drainStats();
                long before = rssKb();
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    trainer.trainStep();
                    if (i % 1000 == 999) {
                        System.out.println("probe rss after " + (i + 1) + ": " + rssKb());
                    }
                }
                trainer.drainStats();
                double ms = (System.nanoTime() - start) / 1e6 / steps;
                long after = rssKb();
                System.out.printf(
                        "probe %s %s: %.3f ms/step over %d steps (batch %d, width %d), RSS %d -> %d kB (%+d kB)%n",
                        engine, kind, ms, steps, config.batchSize(), config.hiddenWidth(), before, after, after - before);
            }
        }
    }
}
