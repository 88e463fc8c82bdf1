package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.data.Background;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

public class PictureReaderTest {

    /**
     * JPEG of quality 1.0 keeps a solid block, aligned to its 16x16 colour blocks, up to the
     * rounding of its YCbCr conversion: a few levels of 255.
     */
    private static final int JPEG = 4;

    private Path folder;

    @BeforeClass
    public void createFolder() throws IOException {
        folder = Files.createTempDirectory("picture-reader");
    }

    @AfterClass(alwaysRun = true)
    public void deleteFolder() throws IOException {
        ImageFixtures.deleteTree(folder);
    }

    @Test
    public void eachOfTheEightExifOrientationsReadsAsThePictureLooks() throws IOException {
        // Shown: 64x32, quadrants on 16-pixel boundaries (whole JPEG colour blocks). Read at 16:
        // the centred 32x32 square, each quadrant 8x8.
        BufferedImage shown = PictureFixtures.quadrants(64, 32);
        PictureReader reader = new PictureReader(16, 3, Background.WHITE);
        byte[] expected = quadrantBytes(16);
        byte[] upright = null;
        for (int orientation = 1; orientation <= 8; orientation++) {
            // CIPA DC-008: 6 = "the 0th row is the visual right-hand side, the 0th column the
            // visual top", 8 = "0th row left-hand side, 0th column bottom", and so on.
            byte[] jpeg = PictureFixtures.jpeg(PictureFixtures.stored(shown, orientation), null);
            Path file = folder.resolve("orientation-" + orientation + ".jpg");
            Files.write(file, PictureFixtures.withExifOrientation(jpeg, orientation));
            assertEquals(ExifOrientation.of(file, "jpeg"), orientation);
            byte[] read = reader.read(file);
            // The decoder's chroma upsampling blends colours across a quadrant edge, 1 pixel on
            // each side: the quadrants' colours hold away from the edges (output 7 and 8)...
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        if (x != 7 && x != 8 && y != 7 && y != 8) {
                            int i = (c * 16 + y) * 16 + x;
                            assertEquals(read[i] & 0xff, expected[i] & 0xff, JPEG,
                                    "orientation " + orientation + " at " + i);
                        }
                    }
                }
            }
            // ... and every orientation reads as the upright picture, edges included.
            upright = upright == null ? read : upright;
            assertClose(read, upright, JPEG, "orientation " + orientation + " against 1");
        }
        // The same tag in a PNG's eXIf chunk is honoured too (PNG is lossless: exact).
        Path plain = folder.resolve("stored.png");
        ImageIO.write(PictureFixtures.stored(shown, 6), "png", plain.toFile());
        assertEquals(ExifOrientation.of(plain, "png"), 1, "no tag: as stored");
        byte[] png = Files.readAllBytes(plain);
        byte[] exif = PictureFixtures.exifTiff(6);
        Path tagged = folder.resolve("tagged.png");
        Files.write(tagged, PictureFixtures.withPngChunk(png, "eXIf", exif, exif.length));
        assertEquals(ExifOrientation.of(tagged, "png"), 6);
        assertEquals(reader.read(tagged), expected, "PNG with eXIf orientation 6");
        // A chunk declaring 2 GB in a small file: no orientation, nothing set aside for it.
        Path hostile = folder.resolve("hostile.png");
        Files.write(hostile,
                PictureFixtures.withPngChunk(png, "eXIf", exif, Integer.MAX_VALUE - 64));
        long before = allocatedBytes();
        assertEquals(ExifOrientation.of(hostile, "png"), 1);
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 8L << 20, "allocated " + allocated + " bytes");
    }

    @Test
    public void transparentPicturesReadTheSameWhateverColourIsHiddenUnderTheTransparency()
            throws IOException {
        // The same red disc on transparent black, transparent green and transparent palette
        // white (PNG PLTE + tRNS), and as a GIF with a transparent index.
        int red = 0xFFC81E1E;
        Path black = write(disc(BufferedImage.TYPE_INT_ARGB, red, 0x00000000), "png", "black");
        Path green = write(disc(BufferedImage.TYPE_INT_ARGB, red, 0x0000FF00), "png", "green");
        Path palette = write(paletteDisc(), "png", "palette");
        Path gif = write(paletteDisc(), "gif", "palette");
        for (Background background : Background.values()) {
            PictureReader reader = new PictureReader(32, 3, background);
            byte[] fromBlack = reader.read(black);
            assertEquals(reader.read(green), fromBlack, background + ": green");
            assertEquals(reader.read(palette), fromBlack, background + ": palette");
            assertEquals(reader.read(gif), fromBlack, background + ": gif");
            // Inside the disc its colour, outside the background's level, in every channel.
            int area = 32 * 32;
            int centre = 16 * 32 + 16;
            int corner = 0;
            assertEquals(fromBlack[centre] & 0xff, 0xC8);
            assertEquals(fromBlack[area + centre] & 0xff, 0x1E);
            for (int c = 0; c < 3; c++) {
                assertEquals(fromBlack[c * area + corner] & 0xff, background.level(),
                        background + " channel " + c);
            }
        }
    }

    @Test
    public void halfTransparentGrayIsBlendedWithTheBackground() throws IOException {
        // Gray + alpha PNG: level 100 at opacity 128/255 everywhere, hidden 0 or 255 beneath.
        for (int hidden : new int[] {0, 255}) {
            ColorModel model = new ComponentColorModel(
                    ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                    Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
            WritableRaster raster = model.createCompatibleWritableRaster(8, 8);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    raster.setPixel(x, y, new int[] {x < 4 ? 100 : hidden, x < 4 ? 128 : 0});
                }
            }
            Path file = write(new BufferedImage(model, raster, false, null), "png",
                    "gray-alpha-" + hidden);
            byte[] read = new PictureReader(8, 1, Background.WHITE).read(file);
            // 128/255 * 100 + (1 - 128/255) * 255 = 177.2 -> 177; fully transparent -> 255.
            assertEquals(read[0] & 0xff, 177);
            assertEquals(read[7] & 0xff, 255);
        }
    }

    @Test
    public void sixteenBitPngsKeepTheirLevels() throws IOException {
        BufferedImage gray = new BufferedImage(6, 6, BufferedImage.TYPE_USHORT_GRAY);
        short[] levels = new short[36];
        Arrays.fill(levels, (short) (128 * 257)); // 32896 / 65535 * 255 = 128 exactly
        gray.getRaster().setDataElements(0, 0, 6, 6, levels);
        Path grayFile = write(gray, "png", "gray16");
        byte[] grayRead = new PictureReader(6, 1, Background.WHITE).read(grayFile);
        for (byte value : grayRead) {
            assertEquals(value & 0xff, 128);
        }

        ColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(x, y, new int[] {200 * 257, 50 * 257, 250 * 257});
            }
        }
        Path rgbFile = write(new BufferedImage(model, raster, false, null), "png", "rgb16");
        assertEquals(ImageIO.read(rgbFile.toFile()).getColorModel().getComponentSize(0), 16,
                "the fixture is a 16-bit PNG");
        byte[] rgbRead = new PictureReader(6, 3, Background.WHITE).read(rgbFile);
        for (int i = 0; i < 36; i++) {
            assertEquals(rgbRead[i] & 0xff, 200);
            assertEquals(rgbRead[36 + i] & 0xff, 50);
            assertEquals(rgbRead[72 + i] & 0xff, 250);
        }
    }

    @Test
    public void webpDecodesToItsPixels() throws IOException {
        Path lossless = folder.resolve("quadrants.webp");
        Files.write(lossless, PictureFixtures.QUADRANTS_WEBP_LOSSLESS);
        assertEquals(new PictureReader(16, 3, Background.WHITE).read(lossless),
                quadrantBytes(16), "lossless WebP is exact");
        Path lossy = folder.resolve("quadrants-lossy.webp");
        Files.write(lossy, PictureFixtures.QUADRANTS_WEBP_LOSSY);
        // Read at 4: each value the mean of a 4x4 block inside one quadrant, away from the
        // edges where lossy coding rings.
        assertClose(new PictureReader(4, 3, Background.WHITE).read(lossy), quadrantBytes(4), 8,
                "lossy WebP");
        // Stored turned, with EXIF orientation 6: shown 16 x 8, its centred 8 x 8 square holds
        // the four quadrants, 4 x 4 each.
        Path turned = folder.resolve("turned.webp");
        Files.write(turned, PictureFixtures.QUADRANTS_WEBP_ORIENTATION_6);
        assertEquals(ExifOrientation.of(turned, "webp"), 6);
        assertEquals(new PictureReader(8, 3, Background.WHITE).read(turned), quadrantBytes(8),
                "WebP with an EXIF orientation");
    }

    @Test
    public void cmykAndYcckJpegsAreConvertedToRgb() throws IOException {
        for (boolean ycck : new boolean[] {false, true}) {
            Path file = folder.resolve(ycck ? "ycck.jpg" : "cmyk.jpg");
            byte[] plain = PictureFixtures.jpeg(null, PictureFixtures.cmykQuadrants(32, ycck));
            Files.write(file, PictureFixtures.withAdobeMarker(plain, ycck ? 2 : 0));
            checkInkQuadrants(new PictureReader(2, 3, Background.WHITE).read(file),
                    ycck ? "YCCK" : "CMYK");
        }
    }

    private static void checkInkQuadrants(byte[] read, String kind) {
        // (channel, pixel) with pixels 0 top left (paper), 1 cyan, 2 magenta, 3 yellow.
        int[][] rgb = new int[4][3];
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[p][c] = read[c * 4 + p] & 0xff;
            }
        }
        String all = kind + " " + Arrays.deepToString(rgb);
        // Paper stays white; each ink takes away its complementary primary and keeps the others
        // (what any CMYK profile does; read as RGB or inverted, the quadrants would not).
        assertTrue(rgb[0][0] > 235 && rgb[0][1] > 235 && rgb[0][2] > 235, "paper " + all);
        assertTrue(rgb[1][0] < 100 && rgb[1][1] > 120 && rgb[1][2] > 180, "cyan " + all);
        assertTrue(rgb[2][1] < 100 && rgb[2][0] > 180 && rgb[2][2] > 80, "magenta " + all);
        assertTrue(rgb[3][2] < 100 && rgb[3][0] > 200 && rgb[3][1] > 200, "yellow " + all);
    }

    @Test
    public void gifGivesItsFirstFrameAndTiffItsPixels() throws IOException {
        Path gif = folder.resolve("frames.gif");
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (javax.imageio.stream.ImageOutputStream output =
                ImageIO.createImageOutputStream(gif.toFile())) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(
                    new javax.imageio.IIOImage(PictureFixtures.quadrants(16, 16), null, null),
                    null);
            BufferedImage second = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertEquals(new PictureReader(16, 3, Background.WHITE).read(gif), quadrantBytes(16),
                "the first frame, not the black second one");
        Path tiff = write(PictureFixtures.quadrants(16, 16), "tiff", "quadrants");
        assertEquals(new PictureReader(16, 3, Background.WHITE).read(tiff), quadrantBytes(16));
    }

    @Test
    public void aPictureDeclaringMorePixelsThanTheLimitIsRefusedFromItsHeader()
            throws IOException {
        Path bomb = folder.resolve("bomb.png");
        PictureFixtures.writeZeroPng(bomb, 20_000, 20_000);
        assertTrue(Files.size(bomb) < 1_000_000, "a few hundred KB: " + Files.size(bomb));
        PictureReader reader = new PictureReader(32, 3, Background.WHITE);
        long before = allocatedBytes();
        IOException refused = expectThrows(IOException.class, () -> reader.read(bomb));
        long allocated = allocatedBytes() - before;
        assertTrue(refused.getMessage().contains("declares 20000 x 20000 pixels"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(String.valueOf(
                PictureReader.DEFAULT_MAX_PIXELS)), refused.getMessage());
        assertTrue(allocated < 8L << 20, "refused after allocating " + allocated + " bytes");

        // A JPEG whose frame header declares 60000 x 60000 in a few hundred bytes.
        byte[] jpeg = PictureFixtures.jpeg(PictureFixtures.quadrants(16, 16), null);
        for (int i = 0; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                // SOF0: length (2), precision (1), height (2), width (2).
                jpeg[i + 5] = (byte) (60_000 >> 8);
                jpeg[i + 6] = (byte) 60_000;
                jpeg[i + 7] = (byte) (60_000 >> 8);
                jpeg[i + 8] = (byte) 60_000;
                break;
            }
        }
        Path huge = folder.resolve("huge.jpg");
        Files.write(huge, jpeg);
        before = allocatedBytes();
        IOException hugeRefused = expectThrows(IOException.class, () -> reader.read(huge));
        allocated = allocatedBytes() - before;
        assertTrue(hugeRefused.getMessage().contains("declares 60000 x 60000 pixels"),
                hugeRefused.getMessage());
        assertTrue(allocated < 8L << 20, "refused after allocating " + allocated + " bytes");
        // A lower limit refuses smaller pictures the same way.
        Path small = write(PictureFixtures.quadrants(100, 100), "png", "small");
        IOException capped = expectThrows(IOException.class,
                () -> new PictureReader(8, 3, Background.WHITE, 5_000).read(small));
        assertTrue(capped.getMessage().contains("declares 100 x 100 pixels, more than the limit"
                + " of 5000"), capped.getMessage());
    }

    @Test
    public void largePicturesUnderTheLimitAreDecodedSubsampled() throws IOException {
        // 6000 x 5000 = 30 million pixels, under the limit: decoded every 78th pixel
        // (5000 / (4 * 16)), never at full size (a full decode would hold 30 MB of samples and
        // 120 MB of floats).
        Path large = folder.resolve("large.png");
        PictureFixtures.writeZeroPng(large, 6_000, 5_000);
        PictureReader reader = new PictureReader(16, 1, Background.WHITE);
        assertEquals(reader.subsampling(6_000, 5_000), 78);
        long before = allocatedBytes();
        PictureReader.Planes planes = reader.decode(large);
        long allocated = allocatedBytes() - before;
        assertEquals(planes.width(), (6_000 + 77) / 78);
        assertEquals(planes.height(), (5_000 + 77) / 78);
        assertTrue(allocated < 16L << 20, "decoding allocated " + allocated + " bytes");
        byte[] read = reader.read(large);
        assertEquals(read.length, 16 * 16);
        for (byte value : read) {
            assertEquals(value, 0);
        }
    }

    @Test
    public void filesThatAreNotPicturesSayWhy() throws IOException {
        Path text = folder.resolve("text.png");
        Files.writeString(text, "not a picture");
        IOException notPicture = expectThrows(IOException.class,
                () -> new PictureReader(8, 3, Background.WHITE).read(text));
        assertTrue(notPicture.getMessage().contains("not a png, jpg, bmp, gif, webp or tiff"),
                notPicture.getMessage());
        IOException folderRead = expectThrows(IOException.class,
                () -> new PictureReader(8, 3, Background.WHITE).read(folder));
        assertTrue(folderRead.getMessage().contains("not a regular file"),
                folderRead.getMessage());
    }

    /** The {@link PictureFixtures#QUADRANT_COLOURS} as {@code (3, side, side)} bytes. */
    private static byte[] quadrantBytes(int side) {
        byte[] bytes = new byte[3 * side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int[] colour = PictureFixtures.QUADRANT_COLOURS[
                        (y < side / 2 ? 0 : 2) + (x < side / 2 ? 0 : 1)];
                for (int c = 0; c < 3; c++) {
                    bytes[(c * side + y) * side + x] = (byte) colour[c];
                }
            }
        }
        return bytes;
    }

    private static void assertClose(byte[] actual, byte[] expected, int tolerance, String what) {
        assertEquals(actual.length, expected.length, what);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(actual[i] & 0xff, expected[i] & 0xff, tolerance, what + " at " + i);
        }
    }

    /** A 32x32 disc of radius 10 in one colour on another, without anti-aliasing. */
    private static BufferedImage disc(int type, int inside, int outside) {
        BufferedImage image = new BufferedImage(32, 32, type);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                double dx = x + 0.5 - 16;
                double dy = y + 0.5 - 16;
                image.setRGB(x, y, dx * dx + dy * dy <= 100 ? inside : outside);
            }
        }
        return image;
    }

    /** The red disc on a palette whose transparent entry is white. */
    private static BufferedImage paletteDisc() {
        byte[] reds = {(byte) 255, (byte) 0xC8};
        byte[] greens = {(byte) 255, 0x1E};
        byte[] blues = {(byte) 255, 0x1E};
        byte[] alphas = {0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(8, 2, reds, greens, blues, alphas);
        BufferedImage image =
                new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED, palette);
        BufferedImage drawn = disc(BufferedImage.TYPE_INT_ARGB, 1, 0);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setSample(x, y, 0, drawn.getRGB(x, y) == 1 ? 1 : 0);
            }
        }
        return image;
    }

    private Path write(BufferedImage image, String format, String name) throws IOException {
        Path file = folder.resolve(name + "." + format);
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format + " of this picture");
        }
        return file;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }
}
