package io.github.djlgan.djl.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Small datasets for tests. IDX collections: 28x28 grayscale images of a bright 8x8 square at a
 * random place on a dark, slightly noisy background, labelled by the quadrant the square lies in.
 * Picture folders: solid-colour pictures of mixed sizes and formats in class sub-folders, with a
 * damaged picture, a text file and a hidden folder beside them.
 */
public final class ImageFixtures {

    /** The side of the fixture images. */
    public static final int SIZE = 28;

    /** The colour of the pictures lying directly in a fixture folder (class "."). */
    public static final Color WHITE = new Color(255, 255, 255);

    /** The colour of the pictures in a fixture folder's {@code blues} sub-folder. */
    public static final Color BLUE = new Color(20, 40, 220);

    /** The gray level of the grayscale picture in a fixture folder's {@code grays} sub-folder. */
    public static final int GRAY = 128;

    /** The colour of the pictures in a fixture folder's {@code reds} sub-folder. */
    public static final Color RED = new Color(200, 30, 30);

    /** The picture files of a fixture folder, readable or not, sorted. */
    public static final int PICTURE_FILES = 8;

    /** The damaged picture of a fixture folder. */
    public static final String BROKEN = "broken.png";

    private ImageFixtures() {}

    /**
     * Writes {@code train-*} and {@code t10k-*} image and label files (gzipped) into a folder.
     *
     * @param folder the folder to fill
     * @param train how many training images
     * @param test how many test images
     * @param seed the seed of the pictures
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path writeCollection(Path folder, int train, int test, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        write(folder, "train", train, random);
        write(folder, "t10k", test, random);
        return folder;
    }

    private static void write(Path folder, String prefix, int count, SplittableRandom random)
            throws IOException {
        byte[] pixels = new byte[count * SIZE * SIZE];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int top = random.nextInt(SIZE - 8);
            int left = random.nextInt(SIZE - 8);
            labels[n] = (byte) ((top < 10 ? 0 : 2) + (left < 10 ? 0 : 1));
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean inside = y >= top && y < top + 8 && x >= left && x < left + 8;
                    int value = inside ? 230 + random.nextInt(26) : random.nextInt(20);
                    pixels[n * SIZE * SIZE + y * SIZE + x] = (byte) value;
                }
            }
        }
        new IdxFile(new int[] {count, SIZE, SIZE}, pixels)
                .write(folder.resolve(prefix + "-images-idx3-ubyte.gz"));
        new IdxFile(new int[] {count}, labels).write(folder.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }

    /**
     * Writes a folder of pictures: {@code top.png} (10x10 white) directly in it; {@code blues/}
     * with a 40x30 png, a 17x23 bmp and {@code deep/b3.png}, 8x8, all blue; {@code grays/g1.png},
     * a 12x12 8-bit grayscale png of level {@link #GRAY}; {@code reds/} with a 64x64 png and a
     * 30x30 jpg, red. Beside them: {@link #BROKEN}, half a png; {@code notes.txt}; and {@code
     * .hidden/x.png}.
     *
     * @param folder the folder to fill
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path writePictureFolder(Path folder) throws IOException {
        writePicture(folder.resolve("top.png"), 10, 10, WHITE, "png");
        writePicture(folder.resolve("blues/b1.png"), 40, 30, BLUE, "png");
        writePicture(folder.resolve("blues/b2.bmp"), 17, 23, BLUE, "bmp");
        writePicture(folder.resolve("blues/deep/b3.png"), 8, 8, BLUE, "png");
        writePicture(folder.resolve("reds/r1.png"), 64, 64, RED, "png");
        writePicture(folder.resolve("reds/r2.jpg"), 30, 30, RED, "jpg");
        writePicture(folder.resolve(".hidden/x.png"), 8, 8, RED, "png");
        BufferedImage gray = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        byte[] levels = new byte[12 * 12];
        Arrays.fill(levels, (byte) GRAY);
        gray.getRaster().setDataElements(0, 0, 12, 12, levels);
        Files.createDirectories(folder.resolve("grays"));
        ImageIO.write(gray, "png", folder.resolve("grays/g1.png").toFile());
        Path whole = folder.resolve("whole.png");
        writePicture(whole, 32, 32, RED, "png");
        byte[] bytes = Files.readAllBytes(whole);
        Files.delete(whole);
        Files.write(folder.resolve(BROKEN), Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(folder.resolve("notes.txt"), "not a picture");
        return folder;
    }

    /**
     * Writes a folder of three classes of which one has no readable picture: {@code ants/} and
     * {@code cats/} with 8 solid 8x8 pngs each ({@link #RED}, {@link #BLUE}); {@code bees/} with a
     * text file named {@code b1.png} and a truncated {@code b2.jpg}. Read, it has the classes ants
     * (label 0) and cats (label 1).
     *
     * @param folder the folder to fill
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path writeClassesWithAnEmptyOne(Path folder) throws IOException {
        for (int i = 0; i < 8; i++) {
            writePicture(folder.resolve("ants/a" + i + ".png"), 8, 8, RED, "png");
            writePicture(folder.resolve("cats/c" + i + ".png"), 8, 8, BLUE, "png");
        }
        Files.createDirectories(folder.resolve("bees"));
        Files.writeString(folder.resolve("bees/b1.png"), "not a picture");
        Files.write(folder.resolve("bees/b2.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        return folder;
    }

    /**
     * Deletes a folder and everything in it, without following symbolic links; a missing folder
     * is no error.
     *
     * @param folder the folder
     * @throws IOException if deleting fails
     */
    public static void deleteTree(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Writes a solid-colour RGB picture, creating its folder.
     *
     * @param file the file
     * @param width the width
     * @param height the height
     * @param colour the colour
     * @param format an ImageIO format name: png, jpg or bmp
     * @throws IOException if writing fails
     */
    public static void writePicture(Path file, int width, int height, Color colour, String format)
            throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }
}
