package io.github.djlgan.djl.io;

import io.github.djlgan.api.data.PixelRange;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Lays generated images out in a grid, one picture a person can look at. */
public final class ImageGrid {

    /** Pixels between neighbouring images and around the grid. */
    public static final int PADDING = 2;

    private ImageGrid() {}

    /**
     * Returns the length in pixels of a grid's side.
     *
     * @param cells images along that side
     * @param imageSize the side of one image
     * @return the picture's width and height
     */
    public static int side(int cells, int imageSize) {
        return cells * (imageSize + PADDING) + PADDING;
    }

    /**
     * Draws images into a square grid.
     *
     * @param range the range of the values, mapped to black and white
     * @param values the images, {@code (count, channels, size, size)} in row-major order
     * @param count how many images; the grid has {@code ceil(sqrt(count))} columns
     * @param channels 1 (gray) or 3 (RGB)
     * @param size the side of one image
     * @return the picture, images left to right and top to bottom on a dark background
     */
    public static BufferedImage render(
            PixelRange range, float[] values, int count, int channels, int size) {
        return render(range, values, count, channels, size, (int) Math.ceil(Math.sqrt(count)));
    }

    /**
     * Draws images into rows of a given length.
     *
     * @param range the range of the values, mapped to black and white
     * @param values the images, {@code (count, channels, size, size)} in row-major order
     * @param count how many images
     * @param channels 1 (gray) or 3 (RGB)
     * @param size the side of one image
     * @param cells images per row
     * @return the picture, images left to right and top to bottom on a dark background
     */
    public static BufferedImage render(
            PixelRange range, float[] values, int count, int channels, int size, int cells) {
        int rows = (count + cells - 1) / cells;
        int width = side(cells, size);
        int height = side(rows, size);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, width, height);
        g.dispose();
        for (int n = 0; n < count; n++) {
            int left = PADDING + (n % cells) * (size + PADDING);
            int top = PADDING + (n / cells) * (size + PADDING);
            draw(image, range, values, n * channels * size * size, channels, size, left, top);
        }
        return image;
    }

    /**
     * Draws one image, without padding.
     *
     * @param range the range of the values, mapped to black and white
     * @param values the image, {@code (channels, size, size)} in row-major order
     * @param channels 1 (gray) or 3 (RGB)
     * @param size the side of the image
     * @return the picture, {@code size} pixels square
     */
    public static BufferedImage single(
            PixelRange range, float[] values, int channels, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        draw(image, range, values, 0, channels, size, 0, 0);
        return image;
    }

    private static void draw(
            BufferedImage image,
            PixelRange range,
            float[] values,
            int offset,
            int channels,
            int size,
            int left,
            int top) {
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int pixel = y * size + x;
                int red = range.toByte(values[offset + pixel]);
                int green = channels == 3 ? range.toByte(values[offset + plane + pixel]) : red;
                int blue = channels == 3 ? range.toByte(values[offset + 2 * plane + pixel]) : red;
                image.setRGB(left + x, top + y, (red << 16) | (green << 8) | blue);
            }
        }
    }
}
