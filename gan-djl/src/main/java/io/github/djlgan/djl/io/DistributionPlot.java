package io.github.djlgan.djl.io;

import io.github.djlgan.api.data.SyntheticDistribution;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Pictures of a low-dimensional GAN at one moment of training.
 *
 * <ul>
 *   <li>2D: generated samples (green) over real samples (black), on a background shaded by the
 *       discriminator's output D(x): red where D says real, blue where it says fake, white at 1/2.
 *   <li>1D, as in the paper's Figure 1: the data density (black dots), the generator's density
 *       p_g as a histogram of its samples (green line) and D(x) (blue dashes).
 * </ul>
 */
public final class DistributionPlot {

    /** The number of grid cells per axis at which D is evaluated for the 2D background. */
    public static final int GRID = 128;

    /** The number of points at which D is evaluated for the 1D curve. */
    public static final int CURVE_POINTS = 400;

    private static final int SIZE = 560;
    private static final int MARGIN = 40;
    private static final Color REAL_COLOR = new Color(0, 0, 0, 160);
    private static final Color FAKE_COLOR = new Color(0, 150, 60, 170);

    private DistributionPlot() {}

    /**
     * Returns the points at which D must be evaluated for {@link #render}: a {@code GRID x GRID}
     * grid of cell centres for 2D data (row after row, y from top to bottom), {@code CURVE_POINTS}
     * points for 1D data.
     *
     * @param distribution the data distribution
     * @return the coordinates, point after point
     */
    public static float[] probePoints(SyntheticDistribution distribution) {
        double min = distribution.plotMin();
        double max = distribution.plotMax();
        if (distribution.mixture().dimension() == 1) {
            float[] points = new float[CURVE_POINTS];
            for (int i = 0; i < CURVE_POINTS; i++) {
                points[i] = (float) (min + (max - min) * i / (CURVE_POINTS - 1));
            }
            return points;
        }
        float[] points = new float[GRID * GRID * 2];
        double cell = (max - min) / GRID;
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                int index = 2 * (row * GRID + col);
                points[index] = (float) (min + (col + 0.5) * cell);
                points[index + 1] = (float) (max - (row + 0.5) * cell);
            }
        }
        return points;
    }

    /**
     * Draws the picture.
     *
     * @param distribution the data distribution
     * @param title a line of text at the top, for example the step
     * @param real real samples, point after point
     * @param generated generated samples, point after point
     * @param discriminator D(x) in [0, 1] at the {@link #probePoints}
     * @return the picture
     */
    public static BufferedImage render(
            SyntheticDistribution distribution,
            String title,
            float[] real,
            float[] generated,
            float[] discriminator) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            if (distribution.mixture().dimension() == 1) {
                drawOneDimensional(g, distribution, generated, discriminator);
            } else {
                drawTwoDimensional(g, distribution, real, generated, discriminator);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(title, MARGIN, MARGIN - 14);
            g.drawRect(MARGIN, MARGIN, SIZE - 2 * MARGIN, SIZE - 2 * MARGIN);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawTwoDimensional(
            Graphics2D g,
            SyntheticDistribution distribution,
            float[] real,
            float[] generated,
            float[] discriminator) {
        int plot = SIZE - 2 * MARGIN;
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                g.setColor(shade(discriminator[row * GRID + col]));
                int x0 = MARGIN + col * plot / GRID;
                int y0 = MARGIN + row * plot / GRID;
                int x1 = MARGIN + (col + 1) * plot / GRID;
                int y1 = MARGIN + (row + 1) * plot / GRID;
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
        drawPoints(g, distribution, real, REAL_COLOR, 2.5);
        drawPoints(g, distribution, generated, FAKE_COLOR, 4.0);
    }

    private static void drawPoints(
            Graphics2D g,
            SyntheticDistribution distribution,
            float[] points,
            Color color,
            double diameter) {
        g.setColor(color);
        g.setClip(MARGIN, MARGIN, SIZE - 2 * MARGIN, SIZE - 2 * MARGIN);
        for (int i = 0; i + 1 < points.length; i += 2) {
            double x = toPixelX(distribution, points[i]);
            double y = toPixelY(distribution, points[i + 1]);
            g.fill(new Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter));
        }
        g.setClip(null);
    }

    /** White at D = 1/2, towards red as D says real, towards blue as D says fake. */
    static Color shade(float probability) {
        float p = Float.isNaN(probability) ? 0.5f : Math.max(0f, Math.min(1f, probability));
        float strength = Math.abs(p - 0.5f) * 2 * 0.55f;
        int fade = Math.round(255 * (1 - strength));
        return p >= 0.5f ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    private static void drawOneDimensional(
            Graphics2D g,
            SyntheticDistribution distribution,
            float[] generated,
            float[] discriminator) {
        double min = distribution.plotMin();
        double max = distribution.plotMax();
        int bins = 80;
        double width = (max - min) / bins;
        double[] histogram = new double[bins];
        for (float sample : generated) {
            int bin = (int) Math.floor((sample - min) / width);
            if (bin >= 0 && bin < bins) {
                histogram[bin] += 1.0 / (generated.length * width);
            }
        }
        double peak = distribution.mixture().density(distribution.mixture().means()[0]);
        for (double value : histogram) {
            peak = Math.max(peak, value);
        }
        double top = Math.max(peak, 1.0) * 1.1;

        g.setColor(Color.BLACK);
        for (int i = 0; i < CURVE_POINTS; i += 4) {
            double x = min + (max - min) * i / (CURVE_POINTS - 1);
            double density = distribution.mixture().density(x);
            g.fill(new Ellipse2D.Double(
                    toPixelX(distribution, x) - 1.5, valueToPixel(density, top) - 1.5, 3, 3));
        }

        double[] binCentres = new double[bins];
        for (int bin = 0; bin < bins; bin++) {
            binCentres[bin] = min + (bin + 0.5) * width;
        }
        g.setColor(new Color(0, 150, 60));
        g.setStroke(new BasicStroke(2f));
        g.draw(polyline(distribution, binCentres, histogram, top));

        double[] probeXs = new double[discriminator.length];
        double[] probeValues = new double[discriminator.length];
        for (int i = 0; i < discriminator.length; i++) {
            probeXs[i] = min + (max - min) * i / (discriminator.length - 1);
            probeValues[i] = discriminator[i];
        }
        g.setColor(new Color(30, 60, 220));
        g.setStroke(
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {8f, 6f}, 0f));
        g.draw(polyline(distribution, probeXs, probeValues, top));
        g.setStroke(new BasicStroke(1f));
    }

    private static Path2D polyline(
            SyntheticDistribution distribution, double[] xs, double[] values, double top) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            double x = toPixelX(distribution, xs[i]);
            double y = valueToPixel(values[i], top);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private static double toPixelX(SyntheticDistribution distribution, double x) {
        double min = distribution.plotMin();
        double max = distribution.plotMax();
        return MARGIN + (x - min) / (max - min) * (SIZE - 2 * MARGIN);
    }

    private static double toPixelY(SyntheticDistribution distribution, double y) {
        double min = distribution.plotMin();
        double max = distribution.plotMax();
        return SIZE - MARGIN - (y - min) / (max - min) * (SIZE - 2 * MARGIN);
    }

    private static double valueToPixel(double value, double top) {
        return SIZE - MARGIN - value / top * (SIZE - 2 * MARGIN);
    }
}
