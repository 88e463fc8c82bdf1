package io.github.djlgan.djl.data;

import io.github.djlgan.api.data.Background;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one picture file as it looks to a person and brings it to the square a network takes.
 *
 * <ol>
 *   <li><b>Bounded decoding.</b> Only the header is read first. A picture declaring more than
 *       {@code maxPixels} pixels (by default {@value #DEFAULT_MAX_PIXELS}, Pillow's {@code
 *       MAX_IMAGE_PIXELS}) is refused without decoding, whatever its file size (a few hundred
 *       kilobytes of PNG can declare 20000 x 20000 pixels). The others are decoded with source
 *       subsampling: every {@code s}-th pixel of every {@code s}-th row, with the largest {@code s}
 *       that keeps the shorter side at least {@value #SUPERSAMPLING} times the training side, so
 *       that the area averaging of {@link ImageResampling} still averages {@value #SUPERSAMPLING}
 *       x {@value #SUPERSAMPLING} or more samples per output pixel. Memory per picture is thus
 *       bounded by the training size, not by the file.
 *   <li><b>Formats.</b> Whatever the JDK's ImageIO reads, with the TwelveMonkeys plugins
 *       registered: png (1 to 16 bits, palette, gray, alpha), jpeg (also CMYK and YCCK, with or
 *       without an ICC profile, converted to sRGB; without a profile TwelveMonkeys converts with
 *       a generic formula, approximately), bmp, gif (its first frame), webp, tiff. A picture the
 *       decoder warns about is skipped as damaged (a truncated JPEG decodes with a warning),
 *       except for notices about colour profiles.
 *   <li><b>Orientation.</b> The EXIF orientation ({@link ExifOrientation}) is applied.
 *   <li><b>Transparency.</b> A picture with an alpha channel or palette transparency is
 *       composited onto the {@link Background}, so the colour stored under transparent pixels
 *       never shows.
 *   <li><b>Square, size, channels.</b> Centred square, resized by {@link ImageResampling};
 *       colour to gray by luma {@code Y = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601), gray to
 *       RGB by repeating the plane; gray samples (8 or 16 bits) are scaled to [0, 255] as stored,
 *       without the colour-space conversion that {@link BufferedImage#getRGB} would apply.
 * </ol>
 *
 * <p>Instances are immutable and may read files from several threads at once.
 */
public final class PictureReader {

    /**
     * The most pixels a picture may declare: 2^30 / 4 / 3, the limit that Pillow enforces by
     * default against decompression bombs ({@code PIL.Image.MAX_IMAGE_PIXELS}).
     */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    /** How many source pixels per output pixel, in each direction, subsampling keeps at least. */
    public static final int SUPERSAMPLING = 4;

    /** The formats read, as a user names them, for messages. */
    public static final String FORMATS = "png, jpg, bmp, gif, webp or tiff";

    static {
        // Register the plugins on the class path (TwelveMonkeys) with ImageIO, even when it was
        // first used from a thread whose context class loader could not see them.
        ImageIO.scanForPlugins();
    }

    private final int size;
    private final int channels;
    private final Background background;
    private final long maxPixels;

    /**
     * Creates a reader with the default pixel limit.
     *
     * @param size the side of the square result, in pixels, at least 1
     * @param channels 1 (gray) or 3 (RGB)
     * @param background what transparent pixels are composited onto
     * @throws IllegalArgumentException if the size or the channels are out of range
     */
    public PictureReader(int size, int channels, Background background) {
        this(size, channels, background, DEFAULT_MAX_PIXELS);
    }

    /**
     * Creates a reader.
     *
     * @param size the side of the square result, in pixels, at least 1
     * @param channels 1 (gray) or 3 (RGB)
     * @param background what transparent pixels are composited onto
     * @param maxPixels the most pixels (width times height) a picture may declare, at least 1
     * @throws IllegalArgumentException if a setting is out of range
     */
    public PictureReader(int size, int channels, Background background, long maxPixels) {
        if (size < 1 || (channels != 1 && channels != 3) || maxPixels < 1) {
            throw new IllegalArgumentException(
                    "size " + size + ", channels " + channels + " and maxPixels " + maxPixels
                            + " are not possible");
        }
        this.size = size;
        this.channels = channels;
        this.background = Objects.requireNonNull(background, "background");
        this.maxPixels = maxPixels;
    }

    /**
     * Returns the side of the square result.
     *
     * @return the side in pixels
     */
    public int size() {
        return size;
    }

    /**
     * Returns the number of channels of the result.
     *
     * @return 1 (gray) or 3 (RGB)
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns what transparent pixels are composited onto.
     *
     * @return the background
     */
    public Background background() {
        return background;
    }

    /**
     * Reads a picture and brings it to the training shape.
     *
     * @param file the picture file
     * @return {@code (channels, size, size)} bytes, row-major
     * @throws IOException whose message says in a few words why the file is not a readable
     *     picture (the reason a loader records)
     */
    public byte[] read(Path file) throws IOException {
        Planes shown = decode(file);
        return ImageResampling.squareBytes(
                shown.values(), channels, shown.width(), shown.height(), size);
    }

    /**
     * A decoded picture as it looks, before the square is cut.
     *
     * @param values {@code (channels, height, width)} values in [0, 255]
     * @param width its width after subsampling and orientation
     * @param height its height after subsampling and orientation
     */
    record Planes(float[] values, int width, int height) {}

    /** Decodes a picture, subsampled, turned as it looks and composited. */
    Planes decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file (a FIFO, device, socket or folder)");
        }
        BufferedImage image;
        String format;
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new IOException("cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException("not a " + FORMATS + " picture");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxPixels) {
                    throw new IOException(
                            "declares " + width + " x " + height + " pixels, more than the limit"
                                    + " of " + maxPixels);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(width, height);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                reader.addIIOReadWarningListener(
                        (source, warning) -> {
                            if (!colourNotice(warning)) {
                                warnings.add(warning);
                            }
                        });
                image = reader.read(0, param);
                format = reader.getFormatName();
            } catch (IOException e) {
                throw new IOException(describe(e), e);
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
        int orientation = ExifOrientation.of(file, format);
        float[] shown =
                ExifOrientation.apply(planes(image), channels, width, height, orientation);
        return ExifOrientation.swapsSides(orientation)
                ? new Planes(shown, height, width)
                : new Planes(shown, width, height);
    }

    /**
     * Tells a decoder's notice about colour management (TwelveMonkeys: "No embedded ICC color
     * profile, will convert using inaccurate CMYK to RGB conversion", or an ICC profile it
     * ignores as broken) from a warning about damaged data (a truncated JPEG's "Premature end of
     * JPEG file"): the first still gives the picture, in approximate colours; the second skips
     * the file.
     */
    static boolean colourNotice(String warning) {
        return warning != null && (warning.contains("ICC") || warning.contains("color profile"));
    }

    /** The largest step that keeps the shorter side at least SUPERSAMPLING times the size. */
    int subsampling(int width, int height) {
        return Math.max(1, Math.min(width, height) / (SUPERSAMPLING * size));
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The picture as {@code (channels, height, width)} values in [0, 255], composited. */
    private float[] planes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        float[] planes = new float[channels * area];
        ColorModel model = image.getColorModel();
        boolean alpha = model.hasAlpha();
        float back = background.level();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(model instanceof IndexColorModel)) {
            Raster raster = image.getRaster();
            float factor = 255f / ((1 << model.getComponentSize(0)) - 1);
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            int alphaBand = model.getNumComponents() - 1;
            int[] opacities = alpha
                    ? raster.getSamples(0, 0, width, height, alphaBand, (int[]) null) : null;
            float opacityScale = alpha ? 1f / ((1 << model.getComponentSize(alphaBand)) - 1) : 0f;
            for (int i = 0; i < area; i++) {
                float value = samples[i] * factor;
                if (alpha) {
                    float opacity = opacities[i] * opacityScale;
                    value = model.isAlphaPremultiplied()
                            ? value + (1 - opacity) * back
                            : opacity * value + (1 - opacity) * back;
                }
                for (int c = 0; c < channels; c++) {
                    planes[c * area + i] = value;
                }
            }
            return planes;
        }
        // getRGB gives sRGB with straight (not premultiplied) alpha, whatever the stored model.
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < area; i++) {
            float red = (argb[i] >> 16) & 0xff;
            float green = (argb[i] >> 8) & 0xff;
            float blue = argb[i] & 0xff;
            if (alpha) {
                float opacity = ((argb[i] >>> 24) & 0xff) / 255f;
                red = opacity * red + (1 - opacity) * back;
                green = opacity * green + (1 - opacity) * back;
                blue = opacity * blue + (1 - opacity) * back;
            }
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
}
