package io.github.djlgan.djl.data;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.riff.RiffReader;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifTiffHandler;
import com.drew.metadata.webp.WebpRiffHandler;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The EXIF orientation of a picture (TIFF/EXIF tag 0x0112): how the stored pixels must be turned
 * and mirrored to look as the camera saw them. Phones store pictures as the sensor read them and
 * set this tag instead of turning the pixels.
 *
 * <p>The tag is read with metadata-extractor (Drew Noakes) from the formats that carry it: JPEG
 * (APP1 Exif segment), TIFF (first IFD), PNG ({@code eXIf} chunk) and WebP ({@code EXIF} chunk).
 * A picture without the tag, or whose metadata cannot be parsed, has orientation 1 (as stored),
 * as image viewers treat it. PNG and WebP chunks are read through a reader that refuses any
 * chunk longer than the rest of the file before setting memory aside for it.
 *
 * <p>The eight values, for a stored picture of width {@code w} and height {@code h}, map the
 * stored pixel {@code (x, y)} to the displayed position:
 *
 * <pre>
 *   1 (x, y)                as stored          5 (y, x)                transposed
 *   2 (w-1-x, y)            mirrored left-right 6 (h-1-y, x)            turned 90 deg clockwise
 *   3 (w-1-x, h-1-y)        turned 180 deg     7 (h-1-y, w-1-x)        transversed
 *   4 (x, h-1-y)            mirrored top-bottom 8 (y, w-1-x)            turned 90 deg anticlockwise
 * </pre>
 *
 * <p>Values 5 to 8 swap the displayed width and height.
 *
 * @see <a href="https://www.cipa.jp/std/documents/download_e.html?DC-008-Translation-2023-E">CIPA
 *     DC-008 (Exif 3.0), tag Orientation</a>
 */
public final class ExifOrientation {

    private ExifOrientation() {}

    /**
     * Reads a picture's orientation.
     *
     * @param file the picture
     * @param format the ImageIO format name of its decoder ({@code jpeg}, {@code png}, {@code
     *     tiff}, {@code webp}, ...), any case
     * @return the orientation, 1 to 8; 1 for formats without one, and for metadata that is
     *     missing, damaged or cannot be read
     */
    public static int of(Path file, String format) {
        Metadata metadata;
        try {
            metadata = metadata(file, format.toLowerCase(Locale.ROOT));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            // Damaged or truncated metadata (the parser fails on it with checked and unchecked
            // exceptions alike): the pixels decoded, so show them as stored, as viewers do.
            return 1;
        }
        if (metadata == null) {
            return 1;
        }
        for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            if (directory.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                try {
                    int value = directory.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return value >= 1 && value <= 8 ? value : 1;
                } catch (MetadataException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    private static Metadata metadata(Path file, String format)
            throws IOException, ImageProcessingException {
        switch (format) {
            case "jpeg", "jpg" -> {
                return JpegMetadataReader.readMetadata(file.toFile(), List.of(new ExifReader()));
            }
            case "tif", "tiff" -> {
                return TiffMetadataReader.readMetadata(file.toFile());
            }
            case "png" -> {
                Metadata metadata = new Metadata();
                try (InputStream input = new BufferedInputStream(Files.newInputStream(file))) {
                    BoundedReader reader = new BoundedReader(input, Files.size(file));
                    for (PngChunk chunk :
                            new PngChunkReader().extract(reader, Set.of(PngChunkType.eXIf))) {
                        new TiffReader()
                                .processTiff(
                                        new ByteArrayReader(chunk.getBytes()),
                                        new ExifTiffHandler(metadata, null, 0),
                                        0);
                    }
                }
                return metadata;
            }
            case "webp" -> {
                Metadata metadata = new Metadata();
                try (InputStream input = new BufferedInputStream(Files.newInputStream(file))) {
                    new RiffReader()
                            .processRiff(
                                    new BoundedReader(input, Files.size(file)),
                                    new WebpRiffHandler(metadata));
                }
                return metadata;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Turns and mirrors a picture from how it is stored to how it looks.
     *
     * @param planes the stored picture, {@code (channels, height, width)} row-major
     * @param channels the number of planes
     * @param width the stored width
     * @param height the stored height
     * @param orientation the EXIF orientation, 1 to 8
     * @return the displayed picture, {@code (channels, height', width')} with the sides swapped
     *     for orientations 5 to 8; the same array for orientation 1
     * @throws IllegalArgumentException if the orientation is not 1 to 8
     */
    public static float[] apply(
            float[] planes, int channels, int width, int height, int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1 to 8, got "
                    + orientation);
        }
        if (orientation == 1) {
            return planes;
        }
        boolean swapped = swapsSides(orientation);
        int shownWidth = swapped ? height : width;
        int area = width * height;
        float[] shown = new float[planes.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int shownX = switch (orientation) {
                    case 2, 3 -> width - 1 - x;
                    case 5, 8 -> y;
                    case 6, 7 -> height - 1 - y;
                    default -> x;
                };
                int shownY = switch (orientation) {
                    case 3, 4 -> height - 1 - y;
                    case 5, 6 -> x;
                    case 7, 8 -> width - 1 - x;
                    default -> y;
                };
                int from = y * width + x;
                int to = shownY * shownWidth + shownX;
                for (int c = 0; c < channels; c++) {
                    shown[c * area + to] = planes[c * area + from];
                }
            }
        }
        return shown;
    }

    /**
     * Tells whether an orientation swaps the width and the height.
     *
     * @param orientation the EXIF orientation, 1 to 8
     * @return true for 5 to 8
     */
    public static boolean swapsSides(int orientation) {
        return orientation >= 5;
    }

    /**
     * metadata-extractor's stream reader, refusing to read more bytes than the file has left
     * before it allocates them: a small file declaring a 2 GB chunk costs nothing.
     */
    private static final class BoundedReader extends StreamReader {
        private final long length;

        BoundedReader(InputStream stream, long length) {
            super(stream);
            this.length = length;
        }

        @Override
        public byte[] getBytes(int count) throws IOException {
            if (count < 0 || getPosition() + count > length) {
                throw new EOFException(
                        "a chunk of " + count + " bytes at " + getPosition()
                                + " goes past the end of the file (" + length + " bytes)");
            }
            return super.getBytes(count);
        }
    }
}
