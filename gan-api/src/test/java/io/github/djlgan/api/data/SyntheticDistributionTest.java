package io.github.djlgan.api.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class SyntheticDistributionTest {

    @Test
    public void ringEightAndGridFiveAreTheBuiltInBenchmarks() {
        SyntheticDistribution ring = DatasetSpec.parse("ring:8").synthetic().orElseThrow();
        SyntheticDistribution grid = DatasetSpec.parse("grid:5").synthetic().orElseThrow();
        assertEquals(ring.mixture(), SyntheticDistribution.RING8.mixture());
        assertEquals(grid.mixture(), SyntheticDistribution.GRID25.mixture());
        assertEquals(ring.plotMin(), SyntheticDistribution.RING8.plotMin());
        assertEquals(grid.plotMax(), SyntheticDistribution.GRID25.plotMax());
        // The literature's settings: ring of radius 2 with std 0.02, grid {-4..4}^2 with 0.05.
        assertEquals(SyntheticDistribution.RING8.mixture().std(), 0.02);
        assertEquals(SyntheticDistribution.GRID25.mixture().std(), 0.05);
        assertEquals(SyntheticDistribution.GRID25.mixture().means()[0], new double[] {-4, -4});
        assertEquals(SyntheticDistribution.GRID25.mixture().means()[24], new double[] {4, 4});
        assertEquals(ring.id(), "ring:8");
        assertEquals(DatasetSpec.parse("ring:8").label(), "ring8");
        assertEquals(DatasetSpec.parse("ring8").id(), "ring8");
    }

    @Test
    public void ringModesAreEvenlySpacedOnTheCircle() {
        double[][] means = SyntheticDistribution.ring(12).mixture().means();
        assertEquals(means.length, 12);
        for (int i = 0; i < 12; i++) {
            assertEquals(Math.hypot(means[i][0], means[i][1]), 2.0, 1e-12);
            assertEquals(Math.atan2(means[i][1], means[i][0]),
                    Math.IEEEremainder(2 * Math.PI * i / 12, 2 * Math.PI), 1e-12);
        }
        // Neighbours are a chord 2 r sin(pi / N) apart.
        assertEquals(SyntheticDistribution.ring(12).separationInStds(),
                4 * Math.sin(Math.PI / 12) / 0.02, 1e-9);
    }

    @Test
    public void gridHasNSquaredModesTwoApartAroundTheOrigin() {
        SyntheticDistribution grid = SyntheticDistribution.grid(4);
        double[][] means = grid.mixture().means();
        assertEquals(means.length, 16);
        assertEquals(means[0], new double[] {-3, -3});
        assertEquals(means[15], new double[] {3, 3});
        assertEquals(grid.separationInStds(), 2 / 0.05, 1e-9);
        assertEquals(grid.plotMax(), 5.0);
    }

    @DataProvider
    public Object[][] nonsense() {
        return new Object[][] {
            {"ring:0", "at least 1"},
            {"grid:0", "at least 1"},
            {"ring:-3", "whole number"},
            {"ring:abc", "whole number"},
            {"grid:", "whole number"},
            {"ring:101", "more than 100"},
            {"grid:11", "more than 100"},
            {"ring:99999999999", "whole number"},
        };
    }

    @Test(dataProvider = "nonsense")
    public void nonsenseIsRefusedWithOneLine(String id, String reason) {
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> DatasetSpec.parse(id));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    public void stdsThatMergeNeighbouringModesAreRefused() {
        // ring:8's neighbours are 4 sin(pi/8) = 1.5307 apart: 6 std allows std up to 0.2551.
        assertEquals(SyntheticDistribution.RING8.withStd(0.255).mixture().std(), 0.255);
        InvalidInputException merged = expectThrows(InvalidInputException.class,
                () -> SyntheticDistribution.RING8.withStd(0.256));
        assertTrue(merged.getMessage().contains("5.98 std apart"), merged.getMessage());
        // ring:100 at the default std is just apart (6.28 std); at 0.03 it is not.
        assertTrue(SyntheticDistribution.ring(100).separationInStds() > 6);
        expectThrows(InvalidInputException.class,
                () -> SyntheticDistribution.ring(100).withStd(0.03));
        // The grid's spacing 2 allows std up to 1/3.
        SyntheticDistribution.GRID25.withStd(0.33);
        expectThrows(InvalidInputException.class, () -> SyntheticDistribution.GRID25.withStd(0.34));
        for (double bad : new double[] {0, -0.02, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidInputException error = expectThrows(InvalidInputException.class,
                    () -> SyntheticDistribution.RING8.withStd(bad));
            assertTrue(error.getMessage().contains("positive"), error.getMessage());
        }
        expectThrows(InvalidInputException.class,
                () -> SyntheticDistribution.GAUSSIAN_1D.withStd(0.1));
    }
}
