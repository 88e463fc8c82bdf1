package io.github.djlgan.djl.theory;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The paper's Figure 1 drawn from a {@link GlobalOptimum} trajectory: for each chosen moment of
 * training, side by side and lettered (a), (b), ..., the data density p_data (black dots), the
 * generator's density p_g (green line) and the discriminator D(x) (blue dashes) over x; below
 * them, the noise domain z (lower line) and the mapping x = G(z) of evenly spaced z (grey lines up
 * to the x line), which shows how G squeezes z into regions of high p_g.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Figure 1</a>
 */
public final class FigureOne {

    private static final int PANEL_WIDTH = 380;
    private static final int PANEL_HEIGHT = 400;
    private static final int MARGIN = 24;
    private static final int CURVES_BOTTOM = 250;
    private static final int X_LINE = 300;
    private static final int Z_LINE = 370;
    private static final Color GREEN = new Color(0, 150, 60);
    private static final Color BLUE = new Color(30, 60, 220);

    private FigureOne() {}

    /**
     * Draws one panel per snapshot, left to right.
     *
     * @param result the trajectory
     * @param moments the snapshots to draw, usually four
     * @return the picture
     */
    public static BufferedImage render(
            GlobalOptimum.Result result, List<GlobalOptimum.Snapshot> moments) {
        BufferedImage image =
                new BufferedImage(
                        PANEL_WIDTH * moments.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            // One vertical scale for densities and D, fitted to D's [0, 1] and the data's peak; a
            // collapsed p_g's spike is cut at the top rather than flattening everything else.
            double top = 1.0;
            for (double value : result.dataDensity()) {
                top = Math.max(top, value);
            }
            top *= 1.25;
            for (int i = 0; i < moments.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create(i * PANEL_WIDTH, 0, PANEL_WIDTH,
                        PANEL_HEIGHT);
                try {
                    drawPanel(panel, result, moments.get(i), top, (char) ('a' + i));
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawPanel(
            Graphics2D g,
            GlobalOptimum.Result result,
            GlobalOptimum.Snapshot moment,
            double top,
            char letter) {
        double[] grid = result.grid();
        double min = grid[0];
        double max = grid[grid.length - 1];
        g.setColor(Color.BLACK);
        for (int i = 0; i < grid.length; i += 5) {
            double x = toPixel(grid[i], min, max);
            double y = toHeight(result.dataDensity()[i], top);
            g.fill(new Ellipse2D.Double(x - 1.5, y - 1.5, 3, 3));
        }
        g.setColor(GREEN);
        g.setStroke(new BasicStroke(2f));
        java.awt.Shape panelClip = g.getClip();
        g.clipRect(0, MARGIN, PANEL_WIDTH, CURVES_BOTTOM - MARGIN + 1);
        g.draw(polyline(grid, moment.generatorDensity(), min, max, top));
        g.setClip(panelClip);
        g.setColor(BLUE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {7f, 5f}, 0f));
        g.draw(polyline(grid, moment.discriminator(), min, max, top));

        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.GRAY);
        float[] latent = moment.latent();
        float[] mapped = moment.mapped();
        double zBound = Math.abs(latent[0]) * latent.length / (latent.length - 1.0);
        for (int i = 0; i < latent.length; i++) {
            double zPixel = MARGIN + (latent[i] + zBound) / (2 * zBound)
                    * (PANEL_WIDTH - 2 * MARGIN);
            double xPixel = toPixel(Math.max(min, Math.min(max, mapped[i])), min, max);
            g.draw(new Line2D.Double(zPixel, Z_LINE, xPixel, X_LINE));
        }
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(MARGIN, X_LINE, PANEL_WIDTH - MARGIN, X_LINE));
        g.draw(new Line2D.Double(MARGIN, Z_LINE, PANEL_WIDTH - MARGIN, Z_LINE));
        g.draw(new Line2D.Double(MARGIN, CURVES_BOTTOM, PANEL_WIDTH - MARGIN, CURVES_BOTTOM));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("x", 6, X_LINE + 4);
        g.drawString("z", 6, Z_LINE + 4);
        g.drawString(String.format(java.util.Locale.ROOT, "(%c) step %d, JSD %.3f, V %.3f",
                letter, moment.step(), moment.jensenShannon(), moment.value()), MARGIN, 16);
        g.drawString(String.format(java.util.Locale.ROOT, "%.0f", min), MARGIN - 4,
                CURVES_BOTTOM + 14);
        g.drawString(String.format(java.util.Locale.ROOT, "%.0f", max), PANEL_WIDTH - MARGIN - 6,
                CURVES_BOTTOM + 14);
    }

    private static Path2D polyline(
            double[] xs, double[] values, double min, double max, double top) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            double x = toPixel(xs[i], min, max);
            double y = toHeight(values[i], top);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private static double toPixel(double x, double min, double max) {
        return MARGIN + (x - min) / (max - min) * (PANEL_WIDTH - 2 * MARGIN);
    }

    private static double toHeight(double value, double top) {
        return CURVES_BOTTOM - value / top * (CURVES_BOTTOM - 2 * MARGIN);
    }
}
