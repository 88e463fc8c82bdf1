package io.github.djlgan.djl.data;

import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.Background;
import io.github.djlgan.api.data.PixelRange;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The pictures under a folder (faces, sprites, products, anything) as a DJL {@link
 * ai.djl.training.dataset.RandomAccessDataset}: every picture file at any depth, decoded once as
 * it looks to a person ({@link PictureReader}: bounded decoding, EXIF orientation, transparency
 * composited onto a {@link Background}, centred square, resized, gray or RGB), kept as bytes;
 * records are scaled to the generator's pixel range.
 *
 * <ul>
 *   <li><b>Which files.</b> Files whose name ends in one of {@link #EXTENSIONS} (any case);
 *       files and folders whose name starts with a dot are left out. Other files (notes,
 *       annotation lists) are not pictures and are passed over. A picture file that cannot be
 *       read is skipped with its reason ({@link #skippedFiles()}): damaged or truncated (a
 *       picture that decodes only with a warning is skipped too), declaring more pixels than the
 *       reader's limit, not a regular file (a FIFO or a device named {@code x.png}), a
 *       symbolic-link loop, a link to a folder containing the dataset, an unreadable folder. One
 *       warning names how many and the first {@value #NAMES_SHOWN}.
 *   <li><b>Labels.</b> Label {@code i} is the {@code i}-th class name: the pictures lying
 *       directly in the folder form the class {@value #ROOT_CLASS}, first if there are any; then
 *       come the names of the first-level sub-folders in code-point order, each holding every
 *       picture below it at any depth. A class none of whose pictures could be read is dropped
 *       with one warning naming its folder, and the labels after it move down, so that labels
 *       stay dense: {@code 0 .. classNames().size() - 1}.
 *   <li><b>Held out.</b> A fixed share of the listed picture files, {@link #TEST_SHARE} rounded
 *       to the nearest whole file, is the {@link Dataset.Usage#TEST} part, chosen by shuffling
 *       the sorted file names with the fixed seed {@link #SPLIT_SEED}: the same files always
 *       give the same split, whatever the run's seed. Adding or removing files can move others
 *       between the parts.
 * </ul>
 *
 * <p>DJL's own {@code ImageFolder} (basicdataset) decodes each picture again at every access,
 * reports a damaged picture only when training reaches it, resizes on the engine, and takes
 * pictures only from class sub-folders; this dataset decodes once, checks every file before
 * training and gives both engines the same pixels.
 */
public final class ImageFolderDataset extends ImageDataset {

    /** The file name endings taken as pictures, lower case. */
    public static final List<String> EXTENSIONS =
            List.of("png", "jpg", "jpeg", "jfif", "bmp", "gif", "webp", "tif", "tiff");

    /** The share of the pictures held out as the test split. */
    public static final double TEST_SHARE = 0.1;

    /** The seed of the shuffle that chooses the held-out pictures. */
    public static final long SPLIT_SEED = 14_062_661L;

    /** The class of the pictures lying directly in the folder. */
    public static final String ROOT_CLASS = ".";

    /** How many unreadable files a warning names. */
    public static final int NAMES_SHOWN = 5;

    private static final Logger LOGGER = LogManager.getLogger(ImageFolderDataset.class);

    private final List<String> files;
    private final List<SkippedFile> skipped;

    private ImageFolderDataset(
            Sampling builder,
            byte[][] images,
            int[] labels,
            List<String> classNames,
            PictureReader reader,
            PixelRange range,
            List<String> files,
            List<SkippedFile> skipped) {
        super(builder, images, labels, classNames, reader.channels(), reader.size(),
                reader.size(), range);
        this.files = List.copyOf(files);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Reads every picture under a folder, transparent pixels on the {@link Background#DEFAULT}
     * background, and splits them into training and held-out images.
     *
     * @param root the folder
     * @param imageSize the side to bring the pictures to
     * @param channels 1 (gray) or 3 (RGB)
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @return both parts, each shuffled each pass, the last incomplete batch dropped
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no readable picture
     */
    public static Splits load(
            Path root, int imageSize, int channels, int batchSize, PixelRange range)
            throws IOException {
        return load(root, imageSize, channels, batchSize, range, Background.DEFAULT);
    }

    /**
     * Reads every picture under a folder and splits them into training and held-out images.
     *
     * @param root the folder
     * @param imageSize the side to bring the pictures to
     * @param channels 1 (gray) or 3 (RGB)
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @param background what transparent pixels are composited onto
     * @return both parts, each shuffled each pass, the last incomplete batch dropped
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no readable picture
     */
    public static Splits load(
            Path root,
            int imageSize,
            int channels,
            int batchSize,
            PixelRange range,
            Background background)
            throws IOException {
        if (imageSize < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException(
                    "imageSize " + imageSize + " and channels " + channels + " are not possible");
        }
        return load(root, new PictureReader(imageSize, channels, background), batchSize, range);
    }

    /**
     * Reads every picture under a folder with a given reader and splits them into training and
     * held-out images.
     *
     * @param root the folder
     * @param reader the reader, which sets the size, the channels, the background and the
     *     pixel limit
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @return both parts, each shuffled each pass, the last incomplete batch dropped; both
     *     report the same {@link #skippedFiles()}
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no readable picture
     */
    public static Splits load(Path root, PictureReader reader, int batchSize, PixelRange range)
            throws IOException {
        PictureListing listing = PictureListing.of(root);
        long started = System.nanoTime();
        int count = listing.files.size();
        byte[][] decoded = new byte[count][];
        String[] problems = new String[count];
        IntStream.range(0, count)
                .parallel()
                .forEach(
                        i -> {
                            try {
                                decoded[i] = reader.read(root.resolve(listing.files.get(i)));
                            } catch (IOException e) {
                                problems[i] = e.getMessage();
                            }
                        });
        List<SkippedFile> skipped = new ArrayList<>(listing.skipped);
        for (int i = 0; i < count; i++) {
            if (problems[i] != null) {
                skipped.add(new SkippedFile(listing.files.get(i), problems[i]));
            }
        }
        skipped.sort(Comparator.comparing(SkippedFile::file));
        List<String> reasons = skipped.stream().map(SkippedFile::toString).toList();
        int candidates = count + listing.skipped.size();
        if (skipped.size() == candidates) {
            throw new InvalidInputException(
                    "None of the " + candidates + " picture files under " + root
                            + " could be read: " + PictureListing.shortList(reasons));
        }
        if (!skipped.isEmpty()) {
            LOGGER.warn(
                    "Skipped {} of {} picture files and folders under {} that could not be read:"
                            + " {}",
                    skipped.size(),
                    candidates,
                    root,
                    PictureListing.shortList(reasons));
        }
        List<String> classNames = denseClasses(listing, decoded, root);
        LOGGER.info(
                "Read {} pictures in {} classes under {} in {} s ({} skipped)",
                candidates - skipped.size(),
                classNames.size(),
                root,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9),
                skipped.size());
        return new Splits(
                subset(listing, Dataset.Usage.TRAIN, decoded, classNames, reader, batchSize,
                        range, skipped),
                subset(listing, Dataset.Usage.TEST, decoded, classNames, reader, batchSize,
                        range, skipped));
    }

    /**
     * Drops the classes without a readable picture, warning once for each, and renumbers the
     * listing's labels densely.
     */
    private static List<String> denseClasses(
            PictureListing listing, byte[][] decoded, Path root) {
        boolean[] readable = new boolean[listing.classNames.size()];
        for (int i = 0; i < decoded.length; i++) {
            readable[listing.labels[i]] |= decoded[i] != null;
        }
        List<String> kept = new ArrayList<>();
        int[] renumbered = new int[readable.length];
        for (int label = 0; label < readable.length; label++) {
            String name = listing.classNames.get(label);
            if (readable[label]) {
                renumbered[label] = kept.size();
                kept.add(name);
            } else {
                renumbered[label] = -1;
                LOGGER.warn(
                        "Dropped the class '{}': no picture in {} could be read; the labels of"
                                + " the classes after it move down by one",
                        name,
                        name.equals(ROOT_CLASS) ? root : root.resolve(name));
            }
        }
        for (int i = 0; i < listing.labels.length; i++) {
            listing.labels[i] = renumbered[listing.labels[i]];
        }
        return kept;
    }

    /**
     * Counts the picture files of one part without decoding them; a damaged file still counts.
     *
     * @param root the folder
     * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
     * @return the number of files
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no picture files
     * @throws IllegalArgumentException for {@link Dataset.Usage#VALIDATION}, which has no part
     */
    public static int count(Path root, Dataset.Usage usage) throws IOException {
        boolean heldOut = Splits.heldOut(usage);
        PictureListing listing = PictureListing.of(root);
        int count = 0;
        for (boolean held : listing.test) {
            count += held == heldOut ? 1 : 0;
        }
        return count;
    }

    /**
     * Lists the classes of a folder without decoding its pictures. A class whose pictures all
     * turn out unreadable is dropped when the folder is {@link #load loaded}, so the loaded
     * dataset's {@link #classNames()} are the ones labels index.
     *
     * @param root the folder
     * @return the class names, label 0 first; see the class description
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no picture files
     */
    public static List<String> classNames(Path root) throws IOException {
        return List.copyOf(PictureListing.of(root).classNames);
    }

    /**
     * Returns the file an image was read from.
     *
     * @param index which image
     * @return its path relative to the folder, {@code /}-separated
     */
    public String file(int index) {
        return files.get(index);
    }

    /**
     * Returns the picture files under the folder, in either part, that were not read.
     *
     * @return their paths relative to the folder, sorted
     */
    public List<String> skipped() {
        return skipped.stream().map(SkippedFile::file).toList();
    }

    /**
     * Returns the picture files under the folder, in either part, that were not read, each with
     * its reason.
     *
     * @return the skipped files, sorted by path
     */
    public List<SkippedFile> skippedFiles() {
        return skipped;
    }

    private static ImageFolderDataset subset(
            PictureListing listing,
            Dataset.Usage usage,
            byte[][] decoded,
            List<String> classNames,
            PictureReader reader,
            int batchSize,
            PixelRange range,
            List<SkippedFile> skipped) {
        boolean heldOut = Splits.heldOut(usage);
        List<byte[]> images = new ArrayList<>();
        List<Integer> chosenLabels = new ArrayList<>();
        List<String> chosenFiles = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] != null && listing.test[i] == heldOut) {
                images.add(decoded[i]);
                chosenLabels.add(listing.labels[i]);
                chosenFiles.add(listing.files.get(i));
            }
        }
        return new ImageFolderDataset(
                new Sampling().setSampling(batchSize, true, true),
                images.toArray(byte[][]::new),
                chosenLabels.stream().mapToInt(Integer::intValue).toArray(),
                classNames,
                reader,
                range,
                chosenFiles,
                skipped);
    }

    /** The sampling settings DJL's base class takes. */
    private static final class Sampling extends BaseBuilder<Sampling> {
        @Override
        protected Sampling self() {
            return this;
        }
    }
}
