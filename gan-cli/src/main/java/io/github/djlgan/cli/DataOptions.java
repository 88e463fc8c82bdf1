package io.github.djlgan.cli;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.Background;

import picocli.CommandLine.Option;

/** {@code gan train}'s data options: the dataset and the minibatch shape. */
final class DataOptions {

    @Option(names = "--dataset",
            description = "gaussian1d, ring8, grid25, ring:N (N modes on a circle), grid:N (N x N"
                    + " modes), fashion-mnist, mnist, or folder:PATH (the png, jpg, bmp, gif,"
                    + " webp and tiff pictures under PATH)."
                    + " ${bundle:default.dataset}")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's"
            + " IDX files. Default: $GAN_DATA_DIR/<dataset>, then /usr/share/datasets/<dataset>.")
    String dataDir;

    @Option(names = "--image-size", description = "Side the images are resized to: 28, 32 or 64"
            + " for dcgan. ${bundle:default.imageSize}")
    Integer imageSize;

    @Option(names = "--channels", description = "Image channels: 1 (gray) or 3 (RGB; folders"
            + " only). ${bundle:default.channels}")
    Integer channels;

    @Option(names = "--background", description = "white, black or gray: what transparent"
            + " pixels of a folder's pictures (PNG alpha, palette transparency, GIF) are"
            + " composited onto before resizing. ${bundle:default.background}")
    String background;

    @Option(names = "--batch-size", description = "Minibatch size m. ${bundle:default.batchSize}")
    Integer batchSize;

    @Option(names = "--mixture-std", paramLabel = "STD", description = "Standard deviation of"
            + " every mode of a ring or grid; neighbouring modes must stay 6 std apart."
            + " ${bundle:default.mixtureStd}")
    Double mixtureStd;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optData(d -> {
            Flags.set(dataset, d::optDataset);
            Flags.set(dataDir, d::optDataDir);
            Flags.set(imageSize, d::optImageSize);
            Flags.set(channels, d::optChannels);
            Flags.set(background, v -> d.optBackground(Background.fromId(v)));
            Flags.set(batchSize, d::optBatchSize);
            Flags.set(mixtureStd, d::optMixtureStd);
        });
    }
}
