package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.api.data.SyntheticDistribution;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class ModeCoverageTest {

    private static final GaussianMixture RING = SyntheticDistribution.RING8.mixture();

    @Test
    public void samplesOfTheDataCoverEveryMode() {
        float[] samples = RING.sample(new SplittableRandom(1), 2500);
        ModeCoverage coverage = ModeCoverage.of(RING, samples);
        assertEquals(coverage.modes(), 8);
        assertEquals(coverage.modesCovered(), 8);
        assertEquals(coverage.modesWithOnePercent(), 8);
        // 3 std in 2D holds 1 - exp(-9/2) = 98.9% of a Gaussian's mass.
        assertEquals(coverage.highQualityShare(), 1 - Math.exp(-4.5), 0.006);
        // A multinomial histogram of n draws has E[KL(q || u)] ~ (M - 1) / (2n) = 0.0014.
        assertTrue(coverage.reverseKl() < 0.01, "reverse KL " + coverage.reverseKl());
    }

    @Test
    public void pointsOnOneModeCoverOne() {
        float[] samples = new float[200];
        for (int i = 0; i < samples.length; i += 2) {
            samples[i] = 2.0f;
            samples[i + 1] = 0.01f;
        }
        ModeCoverage coverage = ModeCoverage.of(RING, samples);
        assertEquals(coverage.modesCovered(), 1);
        assertEquals(coverage.highQualityShare(), 1.0, 0.0);
        // Every sample on one of 8 modes: KL = 1 * ln(1 * 8).
        assertEquals(coverage.reverseKl(), Math.log(8), 1e-12);
    }

    @Test
    public void reverseKlCountsEverySampleAtItsNearestMode() {
        // Half the samples on mode 0, half far outside the ring but nearest to mode 4 (-2, 0):
        // the histogram is (1/2, 0, 0, 0, 1/2, 0, 0, 0) and KL = ln 4 whatever their quality.
        double[][] means = RING.means();
        float[] samples = new float[2 * 100];
        for (int i = 0; i < 100; i++) {
            samples[2 * i] = (float) (i < 50 ? means[0][0] : -2.7);
            samples[2 * i + 1] = (float) (i < 50 ? means[0][1] : 0.0);
        }
        ModeCoverage coverage = ModeCoverage.of(RING, samples);
        assertEquals(coverage.highQualityShare(), 0.5, 0.0);
        assertEquals(coverage.modesCovered(), 1);
        assertEquals(coverage.reverseKl(), Math.log(4), 1e-12);
    }

    @Test
    public void offModeNoiseCoversNothing() {
        // The centre of the ring is 2 away from every mode, far beyond 3 std = 0.06.
        float[] samples = new float[] {0f, 0f, 0.1f, -0.1f, 1f, 1f};
        ModeCoverage coverage = ModeCoverage.of(RING, samples);
        assertEquals(coverage.modesCovered(), 0);
        assertEquals(coverage.highQualityShare(), 0.0, 0.0);
    }

    @Test
    public void onePercentRuleCountsOnlyWellHeldModes() {
        // 100 points on mode 0 and 1 on mode 1: both covered, but 1 of 101 is under 1%.
        float[] samples = new float[2 * 101];
        double[][] means = RING.means();
        for (int i = 0; i < 101; i++) {
            double[] mean = i < 100 ? means[0] : means[1];
            samples[2 * i] = (float) mean[0];
            samples[2 * i + 1] = (float) mean[1];
        }
        ModeCoverage coverage = ModeCoverage.of(RING, samples);
        assertEquals(coverage.modesCovered(), 2);
        assertEquals(coverage.modesWithOnePercent(), 1);
    }

    @Test
    public void gridHasTwentyFiveModesTwoApart() {
        GaussianMixture grid = SyntheticDistribution.GRID25.mixture();
        assertEquals(grid.modeCount(), 25);
        float[] samples = grid.sample(new SplittableRandom(2), 5000);
        assertEquals(ModeCoverage.of(grid, samples).modesCovered(), 25);
    }
}
