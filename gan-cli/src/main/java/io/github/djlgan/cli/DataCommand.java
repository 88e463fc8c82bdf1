package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.data.SkippedFile;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.run.GanSetup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gan data}: the dataset as the networks see it. Reads exactly what {@code gan train} would
 * read with the same data options, prints what was read and skipped, and with {@code --out}
 * writes every training image as the networks receive it (orientation, transparency, centre
 * square, resizing and channels applied; mapped back to bytes).
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        resourceBundle = "io.github.djlgan.cli.TrainHelp",
        description = {
            "Shows a dataset as the networks see it: images read, files skipped and why, classes,"
                    + " and the size and channels fed to the networks.",
            "With --out DIR, writes every training image exactly as the networks receive it, as"
                    + " DIR/<its path in the folder>.png (IDX collections: DIR/<index>.png).",
            "Run it first on a new folder of pictures."
        })
final class DataCommand implements Callable<Integer> {

    /** How many skipped files the summary names; the rest are counted. */
    static final int NAMED_SKIPS = 20;

    @Spec CommandSpec spec;

    @Mixin(name = "data") DataOptions data = new DataOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the training images, as the networks receive them, under DIR.")
    Path out;

    @Option(names = "--count", paramLabel = "N",
            description = "With --out: only the first N training images. Default: all.")
    Integer count;

    @Override
    public Integer call() throws IOException {
        TrainingConfig.Builder builder = TrainingConfig.builder();
        data.applyTo(builder);
        TrainingConfig config = builder.build();
        if (!config.data().datasetSpec().isImage()) {
            throw new InvalidInputException(
                    "gan data shows image datasets; " + config.data().dataset()
                            + " is a built-in distribution, drawn afresh for every batch");
        }
        if (count != null && count < 1) {
            throw new InvalidInputException("--count must be at least 1, got " + count);
        }
        ImageDataset.Splits splits = GanSetup.images(config);
        PrintWriter stdout = spec.commandLine().getOut();
        describe(config, splits, stdout);
        if (out != null) {
            int written = write(config, splits.train(), out);
            stdout.println("wrote " + written + " training images under " + out);
        }
        stdout.flush();
        return GanCli.OK;
    }

    private static void describe(
            TrainingConfig config, ImageDataset.Splits splits, PrintWriter stdout) {
        ImageDataset train = splits.train();
        ImageDataset test = splits.test();
        stdout.printf(
                "%s: %d training and %d held-out images, fed to the networks as %d x %d x %d"
                        + " (channels x height x width), pixels in [%s, %s]%n",
                config.data().dataset(),
                train.size(),
                test.size(),
                config.data().channels(),
                config.data().imageSize(),
                config.data().imageSize(),
                config.model().architecture().pixelRange().low(),
                config.model().architecture().pixelRange().high());
        List<String> names = train.classNames();
        int[] trainCounts = counts(train, names.size());
        int[] testCounts = counts(test, names.size());
        stdout.printf("%d classes (label: name, training / held-out images):%n", names.size());
        for (int label = 0; label < names.size(); label++) {
            stdout.printf(
                    "  %d: %s, %d / %d%n",
                    label, names.get(label), trainCounts[label], testCounts[label]);
        }
        if (train instanceof ImageFolderDataset folder) {
            List<SkippedFile> skipped = folder.skippedFiles();
            stdout.printf("%d files skipped%s%n", skipped.size(), skipped.isEmpty() ? "" : ":");
            for (SkippedFile file : skipped.subList(0, Math.min(NAMED_SKIPS, skipped.size()))) {
                stdout.printf("  %s: %s%n", file.file(), file.reason());
            }
            if (skipped.size() > NAMED_SKIPS) {
                stdout.printf("  ... and %d more%n", skipped.size() - NAMED_SKIPS);
            }
        }
    }

    private static int[] counts(ImageDataset images, int classes) {
        int[] counts = new int[Math.max(classes, 1)];
        for (int i = 0; i < images.size(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    private int write(TrainingConfig config, ImageDataset train, Path directory)
            throws IOException {
        PixelRange range = config.model().architecture().pixelRange();
        int channels = config.data().channels();
        int size = config.data().imageSize();
        int total = (int) Math.min(train.size(), count == null ? Long.MAX_VALUE : count);
        for (int i = 0; i < total; i++) {
            String name =
                    train instanceof ImageFolderDataset folder
                            ? folder.file(i) + ".png"
                            : i + ".png";
            AtomicFiles.writePng(
                    directory.resolve(name), ImageGrid.single(range, train.pixels(i), channels, size));
        }
        return total;
    }
}
