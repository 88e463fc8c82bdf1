package io.github.djlgan.api.config;

import static io.github.djlgan.api.config.ConfigDefaults.BACKGROUND;
import static io.github.djlgan.api.config.ConfigDefaults.BATCH_SIZE;
import static io.github.djlgan.api.config.ConfigDefaults.CHANNELS;
import static io.github.djlgan.api.config.ConfigDefaults.IMAGE_SIZE;
import static io.github.djlgan.api.config.ConfigDefaults.MIXTURE_STD;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.api.data.SyntheticDistribution;

/**
 * What a run trains on and how the real minibatches are shaped.
 *
 * @param dataset the data source, for example {@code ring8}, {@code fashion-mnist} or {@code
 *     folder:/data/faces}; see {@link DatasetSpec}
 * @param dataDir the folder an IDX collection's files are in, or null to look in the usual
 *     places (a {@code folder:PATH} dataset names its folder itself)
 * @param imageSize the side of the square images the dataset's pictures are resized to (centre
 *     square, area averaging when shrinking, bilinear when enlarging), 0 for non-image data
 * @param channels the images' colour channels (1 gray, 3 RGB), 0 for non-image data
 * @param background what transparent pixels of a folder's pictures are composited onto before
 *     they are resized (never the colour stored under the transparency)
 * @param batchSize the minibatch size m, at least 1
 * @param mixtureStd the standard deviation of every mode of a ring or grid mixture ({@code
 *     ring8}, {@code grid25}, {@code ring:N}, {@code grid:N}), positive, with neighbouring modes
 *     at least {@value SyntheticDistribution#MIN_SEPARATION_STDS} std apart; 0 for other data
 */
public record DataConfig(
        String dataset,
        String dataDir,
        int imageSize,
        int channels,
        Background background,
        int batchSize,
        double mixtureStd) {

    /** The largest image side accepted, in pixels: 4096 (an RGB picture of 192 MiB as floats). */
    public static final int MAX_IMAGE_SIZE = 1 << 12;

    /** Validates every field, naming the field and the bad value. */
    public DataConfig {
        DatasetSpec spec = DatasetSpec.parse(Check.notBlank("dataset", dataset));
        checkImageShape(spec, imageSize, channels, dataDir);
        Check.notNull("background", background);
        Check.atLeast("batchSize", batchSize, 1);
        checkMixtureStd(spec, mixtureStd);
    }

    /**
     * Returns a builder; unset fields take {@link ConfigDefaults}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optDataset(dataset)
                .optDataDir(dataDir)
                .optImageSize(imageSize)
                .optChannels(channels)
                .optBackground(background)
                .optBatchSize(batchSize)
                .optMixtureStd(mixtureStd);
    }

    /**
     * Returns what this run trains on.
     *
     * @return the parsed dataset
     */
    public DatasetSpec datasetSpec() {
        return DatasetSpec.parse(dataset);
    }

    /**
     * Returns the built-in distribution this run trains on, with its {@link #mixtureStd}.
     *
     * @return the distribution
     * @throws IllegalStateException for an image dataset
     */
    public SyntheticDistribution syntheticDistribution() {
        SyntheticDistribution distribution = datasetSpec()
                .synthetic()
                .orElseThrow(() -> new IllegalStateException(dataset + " is not synthetic"));
        return distribution.hasAdjustableStd() ? distribution.withStd(mixtureStd) : distribution;
    }

    /** A ring or grid needs a std that keeps its modes apart; other data take none. */
    private static void checkMixtureStd(DatasetSpec spec, double mixtureStd) {
        SyntheticDistribution distribution = spec.synthetic().orElse(null);
        if (distribution != null && distribution.hasAdjustableStd()) {
            distribution.withStd(mixtureStd);
        } else if (mixtureStd != 0) {
            throw new InvalidInputException(
                    "mixtureStd applies to ring and grid mixtures only, not to " + spec.id());
        }
    }

    /**
     * Checks the image settings: none for built-in data; 1 or 3 channels for images, 1 for the
     * grayscale IDX collections; a side of at least 1 (the architecture may ask for more, see
     * {@link TrainingConfig}).
     */
    private static void checkImageShape(
            DatasetSpec spec, int imageSize, int channels, String dataDir) {
        if (!spec.isImage()) {
            if (imageSize != 0 || channels != 0) {
                throw new InvalidInputException(
                        "imageSize and channels apply to image datasets only, not to "
                                + spec.id());
            }
            return;
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException(
                    "channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
        if (spec instanceof DatasetSpec.Images images
                && channels != images.collection().channels()) {
            throw new InvalidInputException(
                    "channels must be " + images.collection().channels() + " for " + spec.id()
                            + " (its images are grayscale), got " + channels);
        }
        Check.atLeast("imageSize", imageSize, 1);
        Check.atMost(
                "imageSize", imageSize, MAX_IMAGE_SIZE, "a picture's pixels must fit in memory");
        if (spec instanceof DatasetSpec.Folder && dataDir != null) {
            throw new InvalidInputException(
                    "dataDir does not apply to " + spec.id() + ", whose folder is in its name");
        }
    }

    /** Builds a {@link DataConfig}. */
    public static final class Builder {

        private String dataset;
        private String dataDir;
        private Integer imageSize;
        private Integer channels;
        private Background background;
        private Integer batchSize;
        private Double mixtureStd;

        Builder() {}

        /**
         * Sets the data source. Default {@link ConfigDefaults#DATASET}.
         *
         * @param dataset the name of the data source
         * @return this builder
         */
        public Builder optDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * Sets the folder an IDX collection's files are in. Default: none, so {@code
         * GAN_DATA_DIR} and then Debian's {@code /usr/share/datasets} are searched.
         *
         * @param dataDir the folder, or null
         * @return this builder
         */
        public Builder optDataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Sets the side of the square images. Default {@link ConfigDefaults#IMAGE_SIZE}.
         *
         * @param imageSize the side in pixels
         * @return this builder
         */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the images' colour channels: 1 (gray, by luma) or 3 (RGB). Default {@link
         * ConfigDefaults#CHANNELS}.
         *
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets what transparent pixels are composited onto. Default {@link
         * ConfigDefaults#BACKGROUND}.
         *
         * @param background white, black or gray
         * @return this builder
         */
        public Builder optBackground(Background background) {
            this.background = background;
            return this;
        }

        /**
         * Sets the minibatch size. Default {@link ConfigDefaults#BATCH_SIZE}.
         *
         * @param batchSize the size m of every minibatch
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the standard deviation of every mode of a ring or grid mixture. Default {@link
         * ConfigDefaults#MIXTURE_STD}.
         *
         * @param mixtureStd the std, in the data's units
         * @return this builder
         */
        public Builder optMixtureStd(double mixtureStd) {
            this.mixtureStd = mixtureStd;
            return this;
        }

        /**
         * Returns the dataset set, or null.
         *
         * @return the name
         */
        String dataset() {
            return dataset;
        }

        /**
         * Fills unset fields from the defaults, validates and builds.
         *
         * @param basis what the defaults depend on; its dataset is the one built
         * @return the settings
         * @throws InvalidInputException naming a bad field and its value
         */
        public DataConfig build(ConfigDefaults.Basis basis) {
            return new DataConfig(
                    basis.dataset().id(),
                    dataDir,
                    Check.or(imageSize, IMAGE_SIZE, basis),
                    Check.or(channels, CHANNELS, basis),
                    Check.or(background, BACKGROUND, basis),
                    Check.or(batchSize, BATCH_SIZE, basis),
                    Check.or(mixtureStd, MIXTURE_STD, basis));
        }
    }
}
