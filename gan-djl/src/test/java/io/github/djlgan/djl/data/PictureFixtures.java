package io.github.djlgan.djl.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Picture files built byte by byte for the reading tests: JPEGs carrying an EXIF orientation,
 * a CMYK JPEG, PNGs declaring huge sizes, and WebP files made with libwebp's {@code cwebp}.
 */
final class PictureFixtures {

    /**
     * A 16x16 lossless WebP of four 8x8 quadrants: top left (200, 30, 30), top right (30, 180,
     * 60), bottom left (20, 40, 220), bottom right (240, 220, 20). Made from a PPM of those
     * pixels with {@code cwebp -lossless} (Debian package webp 1.5).
     */
    static final byte[] QUADRANTS_WEBP_LOSSLESS = Base64.getDecoder().decode(
            "UklGRkIAAABXRUJQVlA4TDYAAAAvD8ADAB8gJCC6WfaZaJiYhvhl039iiCAkILpsoKW2zX+8DbgICLON"
                    + "JjnJSd77DCL6H7p9BR8=");

    /** The same quadrants as a lossy WebP, {@code cwebp -q 95}. */
    static final byte[] QUADRANTS_WEBP_LOSSY = Base64.getDecoder().decode(
            "UklGRkwAAABXRUJQVlA4IEAAAABQAgCdASoQABAAAIAIJaACdLoB+AH6gf0AB5AA/vAJP//wQH/9+H//"
                    + "/nAb//fe2a0n/f/Mk3/9z3BSbHV/IwAA");

    /**
     * The quadrants shown 16 wide and 8 high, stored turned (8 wide, 16 high) as a lossless
     * WebP with an EXIF chunk holding orientation 6: made with {@code cwebp -lossless} and
     * {@code webpmux -set exif} (Debian package webp 1.5) from a PPM of the stored pixels.
     */
    static final byte[] QUADRANTS_WEBP_ORIENTATION_6 = Base64.getDecoder().decode(
            "UklGRnYAAABXRUJQVlA4WAoAAAAIAAAABwAADwAAVlA4TDUAAAAvB8ADAB8gJCC6WfaZaJiYhvhl039i"
                    + "iCAkILpsoKW2zX+8DbgICLONJjnJk7znFCL6H6dcAQBFWElGGgAAAE1NACoAAAAIAAEBEgADAAAA"
                    + "AQAGAAAAAAAA");

    /** The colours of the quadrants, top left, top right, bottom left, bottom right, as RGB. */
    static final int[][] QUADRANT_COLOURS = {
        {200, 30, 30}, {30, 180, 60}, {20, 40, 220}, {240, 220, 20}
    };

    private PictureFixtures() {}

    /**
     * Paints a picture of four solid quadrants in {@link #QUADRANT_COLOURS}.
     *
     * @param width an even width
     * @param height an even height
     * @return the picture
     */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] colour = QUADRANT_COLOURS[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
                image.setRGB(x, y, (colour[0] << 16) | (colour[1] << 8) | colour[2]);
            }
        }
        return image;
    }

    /**
     * Encodes a picture or a raster as a baseline JPEG of quality 1.0 with the first JPEG
     * writer ImageIO offers.
     *
     * @param image the picture; or null to write the raster
     * @param raster the raster (for CMYK), used when image is null
     * @return the file's bytes
     * @throws IOException if encoding fails
     */
    static byte[] jpeg(BufferedImage image, Raster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
            IIOImage content = image != null
                    ? new IIOImage(image, null, null) : new IIOImage(raster, null, null);
            writer.write(null, content, param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Inserts an APP1 Exif segment holding only the Orientation tag right after a JPEG's SOI
     * marker. The segment is a big-endian TIFF structure: header, one IFD with one entry (tag
     * 0x0112, type SHORT, count 1), no next IFD (CIPA DC-008, section 4.5).
     *
     * @param jpeg the JPEG's bytes, starting with FF D8
     * @param orientation the value, 1 to 8
     * @return the new file's bytes
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = exifTiff(orientation);
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + header.length + tiff.length;
        ByteBuffer file = ByteBuffer.allocate(jpeg.length + 2 + length);
        file.put(jpeg, 0, 2);
        file.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
        file.put(header).put(tiff);
        file.put(jpeg, 2, jpeg.length - 2);
        return file.array();
    }

    /**
     * Stores a picture as it must be stored for an EXIF orientation to show it as given: the
     * inverse of each orientation's turn or mirror, written out case by case.
     *
     * @param shown the picture as it should look, width W and height H
     * @param orientation 1 to 8
     * @return the stored picture (H x W for 5 to 8)
     */
    static BufferedImage stored(BufferedImage shown, int orientation) {
        int w = shown.getWidth();
        int h = shown.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage stored = new BufferedImage(
                swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                int rgb = switch (orientation) {
                    case 1 -> shown.getRGB(x, y);
                    case 2 -> shown.getRGB(w - 1 - x, y); // shown = stored mirrored left-right
                    case 3 -> shown.getRGB(w - 1 - x, h - 1 - y); // turned 180 degrees
                    case 4 -> shown.getRGB(x, h - 1 - y); // mirrored top-bottom
                    case 5 -> shown.getRGB(y, x); // transposed
                    case 6 -> shown.getRGB(w - 1 - y, x); // stored is shown turned anticlockwise
                    case 7 -> shown.getRGB(w - 1 - y, h - 1 - x); // transversed
                    case 8 -> shown.getRGB(y, h - 1 - x); // stored is shown turned clockwise
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                };
                stored.setRGB(x, y, rgb);
            }
        }
        return stored;
    }

    /**
     * Writes an 8-bit gray PNG of zeros of any declared size, streaming the rows through the
     * compressor, so that the test never holds the pixels: 20000 x 20000 makes a file of about
     * 390 KB.
     *
     * @param file the file
     * @param width the declared width
     * @param height the declared height
     * @throws IOException if writing fails
     */
    static void writeZeroPng(Path file, int width, int height) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] row = new byte[width + 1]; // filter type 0, then zero samples
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed, deflater)) {
            for (int y = 0; y < height; y++) {
                deflate.write(row);
            }
        } finally {
            deflater.end();
        }
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt(width).putInt(height).put((byte) 8).put((byte) 0);
        header.put((byte) 0).put((byte) 0).put((byte) 0);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            chunk(out, "IHDR", header.array());
            chunk(out, "IDAT", compressed.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    /**
     * Inserts a chunk into a PNG right after its IHDR chunk (signature 8 bytes, IHDR 25 bytes).
     *
     * @param png the PNG's bytes
     * @param type the chunk type, four letters
     * @param data the chunk's data
     * @param declaredLength the length written in the chunk's header; {@code data.length} for
     *     a valid chunk
     * @return the new file's bytes
     * @throws IOException never (in-memory streams)
     */
    static byte[] withPngChunk(byte[] png, String type, byte[] data, int declaredLength)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk(chunk, type, data);
        byte[] bytes = chunk.toByteArray();
        ByteBuffer.wrap(bytes).putInt(declaredLength);
        out.write(bytes);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    /**
     * The TIFF structure of an EXIF block holding only the Orientation tag, as an APP1 segment
     * or a PNG eXIf chunk carries it (without the "Exif\0\0" header of APP1).
     *
     * @param orientation 1 to 8
     * @return the bytes
     */
    static byte[] exifTiff(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
        tiff.putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * Inserts an Adobe APP14 segment right after a JPEG's SOI marker, the way Photoshop marks
     * its CMYK (transform 0) and YCCK (transform 2) JPEGs: "Adobe", version 100, two flag words,
     * the transform byte (Adobe Technical Note 5116, section 18).
     *
     * @param jpeg the JPEG's bytes, starting with FF D8
     * @param transform 0 (CMYK or RGB as stored), 1 (YCbCr) or 2 (YCCK)
     * @return the new file's bytes
     */
    static byte[] withAdobeMarker(byte[] jpeg, int transform) {
        byte[] segment = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform
        };
        ByteBuffer file = ByteBuffer.allocate(jpeg.length + segment.length);
        file.put(jpeg, 0, 2).put(segment).put(jpeg, 2, jpeg.length - 2);
        return file.array();
    }

    /**
     * Builds a CMYK raster of four quadrants: white paper (0, 0, 0, 0), cyan (255, 0, 0, 0),
     * magenta (0, 255, 0, 0) and yellow (0, 0, 255, 0), ink amounts in [0, 255], stored
     * inverted (255 - ink) as Adobe's CMYK JPEGs store them.
     *
     * @param side an even side
     * @return the 4-band raster
     */
    static WritableRaster cmykQuadrants(int side) {
        return cmykQuadrants(side, false);
    }

    /**
     * Builds the quadrants of {@link #cmykQuadrants(int)}, or their YCCK form: the C, M, Y ink
     * amounts taken as R, G, B and converted to YCbCr (JFIF's equations), K inverted, as Adobe's
     * YCCK JPEGs (APP14 transform 2) store them (libjpeg's ycck_cmyk_convert inverts the
     * reconstructed R, G, B back to Adobe's inverted CMYK).
     *
     * @param side an even side
     * @param ycck whether to convert to YCCK
     * @return the 4-band raster
     */
    static WritableRaster cmykQuadrants(int side, boolean ycck) {
        WritableRaster raster = Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, side, side, 4, null);
        int[][] inks = {{0, 0, 0, 0}, {255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}};
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int[] ink = inks[(y < side / 2 ? 0 : 2) + (x < side / 2 ? 0 : 1)];
                int[] stored = new int[4];
                for (int c = 0; c < 4; c++) {
                    stored[c] = 255 - ink[c];
                }
                if (ycck) {
                    double r = ink[0];
                    double g = ink[1];
                    double b = ink[2];
                    stored[0] = level(0.299 * r + 0.587 * g + 0.114 * b);
                    stored[1] = level(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
                    stored[2] = level(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
                }
                raster.setPixel(x, y, stored);
            }
        }
        return raster;
    }

    /** Rounds to the nearest byte level, clamped to [0, 255] (a full chroma is 255.5). */
    private static int level(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
