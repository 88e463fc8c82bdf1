package io.github.djlgan.djl.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.data.SyntheticDistribution;

import org.testng.annotations.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;

public class DistributionPlotTest {

    @Test
    public void shadeIsWhiteAtOneHalfRedForRealBlueForFake() {
        assertEquals(DistributionPlot.shade(0.5f), Color.WHITE);
        Color real = DistributionPlot.shade(1f);
        Color fake = DistributionPlot.shade(0f);
        assertTrue(real.getRed() == 255 && real.getBlue() < 255, real.toString());
        assertTrue(fake.getBlue() == 255 && fake.getRed() < 255, fake.toString());
    }

    @Test
    public void probeGridCoversThePlotSquareFromTheTopLeft() {
        SyntheticDistribution ring = SyntheticDistribution.RING8;
        float[] points = DistributionPlot.probePoints(ring);
        assertEquals(points.length, DistributionPlot.GRID * DistributionPlot.GRID * 2);
        double cell = (ring.plotMax() - ring.plotMin()) / DistributionPlot.GRID;
        assertEquals(points[0], ring.plotMin() + cell / 2, 1e-5);
        assertEquals(points[1], ring.plotMax() - cell / 2, 1e-5);
        assertEquals(DistributionPlot.probePoints(SyntheticDistribution.GAUSSIAN_1D).length,
                DistributionPlot.CURVE_POINTS);
    }

    @Test
    public void backgroundFollowsTheDiscriminator() {
        SyntheticDistribution ring = SyntheticDistribution.RING8;
        int cells = DistributionPlot.GRID * DistributionPlot.GRID;
        float[] discriminator = new float[cells];
        // D says "real" on the left half of the square only.
        for (int i = 0; i < cells; i++) {
            discriminator[i] = i % DistributionPlot.GRID < DistributionPlot.GRID / 2 ? 1f : 0f;
        }
        BufferedImage image =
                DistributionPlot.render(ring, "test", new float[0], new float[0], discriminator);
        Color left = new Color(image.getRGB(image.getWidth() / 4, image.getHeight() / 2));
        Color right = new Color(image.getRGB(3 * image.getWidth() / 4, image.getHeight() / 2));
        assertEquals(left, DistributionPlot.shade(1f));
        assertEquals(right, DistributionPlot.shade(0f));
    }
}
