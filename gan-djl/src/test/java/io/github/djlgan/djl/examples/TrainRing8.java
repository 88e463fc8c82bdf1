package io.github.djlgan.djl.examples;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.djl.run.TrainedRun;
import io.github.djlgan.djl.run.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Trains a GAN on the ring of 8 Gaussians from Java, then draws points from its generator: the
 * whole program a library user writes, with {@code gan-djl} and one DJL engine on the class path.
 * The test suite runs {@link #runExample} on both engines, so this program cannot rot.
 *
 * <pre>
 * java ... io.github.djlgan.djl.examples.TrainRing8 [engine] [run directory]
 * </pre>
 */
public final class TrainRing8 {

    private TrainRing8() {}

    /**
     * Trains with the default settings on PyTorch (or the engine named first) and prints the
     * summary and a few generated points.
     *
     * @param args an engine name and a run directory, both optional
     * @throws IOException if the run directory cannot be written
     */
    public static void main(String[] args) throws IOException {
        String engine = args.length > 0 ? args[0] : "PyTorch";
        Path directory = Paths.get(args.length > 1 ? args[1] : "runs/example-ring8");
        float[] points = runExample(engine, directory, 10_000, 5);
        for (int i = 0; i < points.length; i += 2) {
            System.out.printf("(%.3f, %.3f)%n", points[i], points[i + 1]);
        }
    }

    /**
     * Trains, then samples the trained generator.
     *
     * @param engine the DJL engine, {@code PyTorch} or {@code MXNet}
     * @param directory the run directory to write (config.json, metrics.csv, checkpoints/, model/)
     * @param steps how many generator updates to train for
     * @param count how many points to draw
     * @return the points, {@code x0, y0, x1, y1, ...}
     * @throws IOException if the run directory cannot be written
     */
    public static float[] runExample(String engine, Path directory, long steps, int count)
            throws IOException {
        // Every setting has a default for the dataset (here ring8's); set only what differs.
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(runtime -> runtime.optEngine(engine))
                        .optData(data -> data.optDataset("ring8"))
                        .optLoop(loop -> loop.optSteps(steps))
                        .optSeed(42)
                        .build();
        TrainingSummary summary =
                TrainingRun.execute(config, directory, new TrainingRun.Options(false, false, null));
        System.out.println(summary.describe());

        // Open the finished run's newest checkpoint and draw from its generator.
        try (TrainedRun run = TrainedRun.open(directory)) {
            return run.sample(count);
        }
    }
}
