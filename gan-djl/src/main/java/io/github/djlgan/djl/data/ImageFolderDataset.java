package io.github.djlgan.djl.data;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.PixelRange;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The pictures under a folder (faces, or anything else) as a DJL {@link
 * ai.djl.training.dataset.RandomAccessDataset}: every png, jpg and bmp file at any depth, decoded
 * once, brought to a square side and to gray or RGB, and kept as bytes; records are scaled to the
 * generator's pixel range.
 *
 * <ul>
 *   <li><b>Which files.</b> Regular files whose name ends in {@code .png}, {@code .jpg}, {@code
 *       .jpeg} or {@code .bmp} (any case); files and folders whose name starts with a dot are
 *       left out. Other files (notes, annotation lists) are not pictures and are passed over. A
 *       picture that cannot be decoded, or decodes only with a warning (a truncated JPEG does), is
 *       skipped; one warning names how many and the first {@value #NAMES_SHOWN}.
 *   <li><b>Pixels.</b> Each picture is cut to its centred square and resized (area averaging
 *       when shrinking, bilinear when enlarging: {@link ImageResampling}). Colour pictures become
 *       gray by luma {@code Y = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601); gray pictures become
 *       RGB by repeating the plane; gray samples are taken as stored, without the colour-space
 *       conversion that {@link BufferedImage#getRGB} would apply. Transparency is ignored.
 *   <li><b>Labels.</b> Label {@code i} is the {@code i}-th class name: the pictures lying
 *       directly in the folder form the class {@value #ROOT_CLASS}, first if there are any; then
 *       come the names of the first-level sub-folders in code-point order, each holding every
 *       picture below it at any depth.
 *   <li><b>Held out.</b> A fixed share of the listed picture files, {@link #TEST_SHARE} rounded
 *       to the nearest whole file, is the {@link Split#TEST} split, chosen by shuffling the sorted
 *       file names with the fixed seed {@link #SPLIT_SEED}: the same files always give the same
 *       split, whatever the run's seed. Adding or removing files can move others between the
 *       splits.
 * </ul>
 *
 * <p>DJL's own {@code ImageFolder} (basicdataset) decodes each picture again at every access,
 * reports a damaged picture only when training reaches it, resizes on the engine, and takes
 * pictures only from class sub-folders; this dataset decodes once, checks every file before
 * training and gives both engines the same pixels.
 */
public final class ImageFolderDataset extends ImageDataset {

    /** The file name endings taken as pictures, lower case. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");

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
    private final List<String> skipped;

    private ImageFolderDataset(
            Sampling builder,
            byte[][] images,
            int[] labels,
            List<String> classNames,
            int channels,
            int size,
            PixelRange range,
            List<String> files,
            List<String> skipped) {
        super(builder, images, labels, classNames, channels, size, size, range);
        this.files = List.copyOf(files);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Reads every picture under a folder and splits them into training and held-out images.
     *
     * @param root the folder
     * @param imageSize the side to bring the pictures to
     * @param channels 1 (gray) or 3 (RGB)
     * @param batchSize the size of the batches {@link #getData} yields
     * @param range the range pixels are scaled to, the generator's
     * @return both splits, each shuffled each pass, the last incomplete batch dropped
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no readable picture
     */
    public static Splits load(
            Path root, int imageSize, int channels, int batchSize, PixelRange range)
            throws IOException {
        if (imageSize < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException(
                    "imageSize " + imageSize + " and channels " + channels + " are not possible");
        }
        Listing listing = Listing.of(root);
        long started = System.nanoTime();
        byte[][] decoded = new byte[listing.files.size()][];
        String[] problems = new String[decoded.length];
        IntStream.range(0, decoded.length)
                .parallel()
                .forEach(
                        i -> {
                            try {
                                decoded[i] =
                                        read(root.resolve(listing.files.get(i)), imageSize,
                                                channels);
                            } catch (IOException e) {
                                problems[i] = e.getMessage();
                            }
                        });
        List<String> skipped = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < problems.length; i++) {
            if (problems[i] != null) {
                skipped.add(listing.files.get(i));
                reasons.add(listing.files.get(i) + " (" + problems[i] + ")");
            }
        }
        if (skipped.size() == decoded.length) {
            throw new InvalidInputException(
                    "None of the " + decoded.length + " picture files under " + root
                            + " could be read: " + shortList(reasons));
        }
        if (!skipped.isEmpty()) {
            LOGGER.warn(
                    "Skipped {} of {} picture files under {} that could not be read: {}",
                    skipped.size(),
                    decoded.length,
                    root,
                    shortList(reasons));
        }
        LOGGER.info(
                "Read {} pictures under {} in {} s",
                decoded.length - skipped.size(),
                root,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        return new Splits(
                listing.subset(Split.TRAIN, decoded, imageSize, channels, batchSize, range,
                        skipped),
                listing.subset(Split.TEST, decoded, imageSize, channels, batchSize, range,
                        skipped));
    }

    /**
     * Counts the picture files of one split without decoding them; a damaged file still counts.
     *
     * @param root the folder
     * @param split which split
     * @return the number of files
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no picture files
     */
    public static int count(Path root, Split split) throws IOException {
        Listing listing = Listing.of(root);
        int count = 0;
        for (boolean held : listing.test) {
            count += held == (split == Split.TEST) ? 1 : 0;
        }
        return count;
    }

    /**
     * Lists the classes of a folder without decoding its pictures.
     *
     * @param root the folder
     * @return the class names, label 0 first; see the class description
     * @throws IOException if the folder cannot be listed
     * @throws InvalidInputException if the folder does not exist or holds no picture files
     */
    public static List<String> classNames(Path root) throws IOException {
        return List.copyOf(Listing.of(root).classNames);
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
     * Returns the picture files under the folder, in either split, that could not be read.
     *
     * @return their paths relative to the folder
     */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * Decodes one picture and brings it to the dataset's shape.
     *
     * @throws IOException saying why the file is not a readable picture
     */
    private static byte[] read(Path file, int size, int channels) throws IOException {
        BufferedImage image;
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new IOException("cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException("not a png, jpg or bmp picture");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(input, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                image = reader.read(0);
            } catch (IIOException e) {
                throw new IOException(e.getMessage(), e);
            } catch (RuntimeException e) {
                // Decoders fail on malformed input with unchecked exceptions as well.
                throw new IOException("damaged: " + e, e);
            } finally {
                reader.dispose();
            }
            if (!warnings.isEmpty()) {
                throw new IOException(warnings.get(0));
            }
        }
        int width = image.getWidth();
        int height = image.getHeight();
        return ImageResampling.squareBytes(planes(image, channels), channels, width, height, size);
    }

    /** The picture as {@code (channels, height, width)} values in [0, 255]. */
    private static float[] planes(BufferedImage image, int channels) {
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        float[] planes = new float[channels * area];
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(model instanceof IndexColorModel)) {
            Raster raster = image.getRaster();
            float factor = 255f / ((1 << model.getComponentSize(0)) - 1);
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < area; i++) {
                    planes[c * area + i] = samples[i] * factor;
                }
            }
            return planes;
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < area; i++) {
            int red = (argb[i] >> 16) & 0xff;
            int green = (argb[i] >> 8) & 0xff;
            int blue = argb[i] & 0xff;
            if (channels == 1) {
                planes[i] = 0.299f * red + 0.587f * green + 0.114f * blue;
            } else {
                planes[i] = red;
                planes[area + i] = green;
                planes[2 * area + i] = blue;
            }
        }
        return planes;
    }

    private static String shortList(List<String> names) {
        List<String> shown = names.subList(0, Math.min(NAMES_SHOWN, names.size()));
        String more = names.size() > shown.size()
                ? " and " + (names.size() - shown.size()) + " more" : "";
        return String.join(", ", shown) + more;
    }

    /** The picture files under a folder, their classes and their split, before decoding. */
    private static final class Listing {
        private final List<String> files = new ArrayList<>();
        private final List<String> classNames = new ArrayList<>();
        private int[] labels;
        private boolean[] test;

        static Listing of(Path root) throws IOException {
            if (!Files.isDirectory(root)) {
                throw new InvalidInputException(
                        "No folder '" + root + "' (the folder of a folder:PATH dataset)");
            }
            Listing listing = new Listing();
            List<String> others = new ArrayList<>();
            Files.walkFileTree(
                    root,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path directory, BasicFileAttributes attributes) {
                            return !directory.equals(root) && hidden(directory)
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(
                                Path file, BasicFileAttributes attributes) {
                            if (attributes.isRegularFile() && !hidden(file)) {
                                String name = relative(root, file);
                                (picture(file) ? listing.files : others).add(name);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e)
                                throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
            if (listing.files.isEmpty()) {
                Collections.sort(others);
                throw new InvalidInputException(
                        "No png, jpg or bmp pictures under " + root
                                + (others.isEmpty() ? " (it holds no files)"
                                        : " (" + others.size() + " other files, such as "
                                                + shortList(others) + ")"));
            }
            Collections.sort(listing.files);
            listing.classify();
            listing.split();
            return listing;
        }

        private void classify() {
            boolean rootPictures = false;
            TreeSet<String> folders = new TreeSet<>();
            for (String file : files) {
                int slash = file.indexOf('/');
                if (slash < 0) {
                    rootPictures = true;
                } else {
                    folders.add(file.substring(0, slash));
                }
            }
            if (rootPictures) {
                classNames.add(ROOT_CLASS);
            }
            classNames.addAll(folders);
            labels = new int[files.size()];
            for (int i = 0; i < labels.length; i++) {
                int slash = files.get(i).indexOf('/');
                labels[i] = slash < 0 ? 0 : classNames.indexOf(files.get(i).substring(0, slash));
            }
        }

        private void split() {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(SPLIT_SEED));
            test = new boolean[files.size()];
            long held = Math.round(files.size() * TEST_SHARE);
            for (int i = 0; i < held; i++) {
                test[order.get(i)] = true;
            }
        }

        ImageFolderDataset subset(
                Split split,
                byte[][] decoded,
                int size,
                int channels,
                int batchSize,
                PixelRange range,
                List<String> skipped) {
            List<byte[]> images = new ArrayList<>();
            List<Integer> chosenLabels = new ArrayList<>();
            List<String> chosenFiles = new ArrayList<>();
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] != null && test[i] == (split == Split.TEST)) {
                    images.add(decoded[i]);
                    chosenLabels.add(labels[i]);
                    chosenFiles.add(files.get(i));
                }
            }
            return new ImageFolderDataset(
                    new Sampling().setSampling(batchSize, true, true),
                    images.toArray(byte[][]::new),
                    chosenLabels.stream().mapToInt(Integer::intValue).toArray(),
                    classNames,
                    channels,
                    size,
                    range,
                    chosenFiles,
                    skipped);
        }

        private static boolean hidden(Path path) {
            return path.getFileName().toString().startsWith(".");
        }

        private static boolean picture(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot >= 0
                    && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }

        private static String relative(Path root, Path file) {
            return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(),
                    "/");
        }
    }

    /** The sampling settings DJL's base class takes. */
    private static final class Sampling extends BaseBuilder<Sampling> {
        @Override
        protected Sampling self() {
            return this;
        }
    }
}
