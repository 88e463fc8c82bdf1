package io.github.djlgan.cli;

import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.metric.NearestNeighbours;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.run.TrainedRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gan nearest}: generated images beside their nearest training images, the paper's Figure
 * 2 check that the generator does not merely recall its training set.
 */
@Command(
        name = "nearest",
        mixinStandardHelpOptions = true,
        description = {
            "Shows generated images beside their nearest training images (Figure 2).",
            "Pairs left to right: a sample, then the training image closest to it in L2 distance."
        })
final class NearestCommand implements Callable<Integer> {

    /** Pairs per row of the picture. */
    private static final int PAIRS_PER_ROW = 4;

    @Spec CommandSpec spec;

    @Mixin RunSelection selection;

    @Option(names = "--count", description = "Samples to show. Default: 16.")
    int count = 16;

    @Option(names = "--out", paramLabel = "FILE",
            description = "PNG file. Default: DIR/samples/nearest.png.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new InvalidInputException("--count must be positive, got " + count);
        }
        Path target = selection.output(out, "nearest.png");
        try (TrainedRun trained = selection.open()) {
            trained.requireImages("nearest compares images");
            TrainingConfig config = trained.config();
            ImageDataset training = GanSetup.images(config, Dataset.Usage.TRAIN);
            int pixels = config.data().channels() * config.data().imageSize()
                    * config.data().imageSize();
            float[] data = training.pixels(0, Math.toIntExact(training.size()));
            float[] samples = trained.models().sample(trained.noise(), count);
            int[] nearest = NearestNeighbours.nearest(samples, data, pixels);
            float[] pairs = new float[2 * count * pixels];
            for (int i = 0; i < count; i++) {
                System.arraycopy(samples, i * pixels, pairs, 2 * i * pixels, pixels);
                System.arraycopy(data, nearest[i] * pixels, pairs, (2 * i + 1) * pixels, pixels);
            }
            AtomicFiles.writePng(
                    target,
                    ImageGrid.render(
                            config.model().architecture().pixelRange(),
                            pairs,
                            2 * count,
                            config.data().channels(),
                            config.data().imageSize(),
                            2 * Math.min(PAIRS_PER_ROW, count)));
        }
        spec.commandLine().getOut().println("wrote " + target);
        return GanCli.OK;
    }
}
