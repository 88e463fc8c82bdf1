package io.github.djlgan.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a long run's memory stays flat: trains a GAN for many steps and samples, every N steps,
 * the process's resident memory (VmRSS from {@code /proc/self/status}, so Linux only) and the
 * number of live NDArrays in the models' managers (which hold the trainers' and every step's
 * managers). Prints one CSV row per sample, then the growth after warm-up: the mean of the last
 * tenth of the samples against the mean of the second tenth, and against the tenth before the
 * middle of the run, in percent.
 *
 * <p>Not a JMH benchmark (it measures memory, not time) and not a unit test (it is long):
 *
 * <pre>
 * java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
 *     io.github.djlgan.bench.MemoryBenchmark ENGINE DATASET STEPS EVERY
 * </pre>
 *
 * for example {@code PyTorch ring8 20000 500} or {@code MXNet fashion-mnist 2000 50} (the image
 * data as for {@code gan train}: {@code $GAN_DATA_DIR} or Debian's dataset-fashion-mnist).
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args engine, dataset, steps, sampling interval in steps
     * @throws IOException if the dataset or /proc cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: MemoryBenchmark ENGINE DATASET STEPS EVERY");
            System.exit(2);
        }
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(args[0]))
                        .optData(d -> d.optDataset(args[1]))
                        .optLoop(l -> l.optSteps(Long.parseLong(args[2])))
                        .optSeed(1)
                        .build();
        int every = Integer.parseInt(args[3]);
        Engine.getEngine(config.runtime().engine())
                .setRandomSeed(RunSeeds.derive(config.seed()).engine());
        ImageDataset images =
                config.data().datasetSpec().isImage() ? GanSetup.images(config).train() : null;
        List<double[]> samples = new ArrayList<>();
        System.out.println("step,rss_mib,live_ndarrays,ms_per_step");
        try (GanModels models = GanSetup.models(config, Device.cpu());
                RealDataSource realData = GanSetup.realData(config, models, images);
                GanTrainer trainer = GanSetup.trainer(config, models, realData)) {
            long started = System.nanoTime();
            while (trainer.step() < config.loop().steps()) {
                trainer.fit(Math.min(trainer.step() + every, config.loop().steps()), List.of());
                trainer.drainStats(); // waits for the engine, so the sample sees finished work
                double millis = (System.nanoTime() - started) / 1e6 / every;
                double[] sample = {
                    trainer.step(), residentMib(), liveArrays(models), millis
                };
                samples.add(sample);
                System.out.printf(
                        Locale.ROOT, "%d,%.1f,%d,%.3f%n",
                        (long) sample[0], sample[1], (long) sample[2], sample[3]);
                started = System.nanoTime();
            }
        }
        int tenth = Math.max(samples.size() / 10, 1);
        int half = samples.size() / 2;
        for (int column = 1; column <= 2; column++) {
            double last = mean(samples.subList(samples.size() - tenth, samples.size()), column);
            // Two warm-up ends: the second tenth of the run, and its middle (DCGAN's resident
            // memory climbs for its first ~800 steps, then stays flat).
            for (List<double[]> warmUp :
                    List.of(
                            samples.subList(tenth, 2 * tenth),
                            samples.subList(Math.max(half - tenth, 0), Math.max(half, 1)))) {
                double warm = mean(warmUp, column);
                System.out.printf(
                        Locale.ROOT,
                        "%s %s %s: at steps %d-%d %.1f, at the end %.1f, growth %.2f%%%n",
                        config.runtime().engine(),
                        config.data().dataset(),
                        column == 1 ? "RSS MiB" : "live NDArrays",
                        (long) warmUp.get(0)[0],
                        (long) warmUp.get(warmUp.size() - 1)[0],
                        warm,
                        last,
                        100 * (last - warm) / warm);
            }
        }
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(row -> row[column]).average().orElse(Double.NaN);
    }

    private static int liveArrays(GanModels models) {
        return models.generator().getNDManager().getManagedArrays().size()
                + models.discriminator().getNDManager().getManagedArrays().size();
    }

    private static double residentMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
