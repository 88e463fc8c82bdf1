package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class PrecisionRecallTest {

    /** The points 0, 1, ..., 9 on a line, plus an offset. */
    private static float[] line(float offset) {
        float[] points = new float[10];
        for (int i = 0; i < points.length; i++) {
            points[i] = i + offset;
        }
        return points;
    }

    @Test
    public void radiiAreTheDistancesToTheThirdNearestNeighbour() {
        // 0: neighbours 1, 2, 3 -> 3. 1: 0 and 2 at 1, 3 at 2 -> 2. Inner points: +-1, +-2 -> 2.
        double[] radii = PrecisionRecall.squaredRadii(line(0), 1, 3);
        assertEquals(radii[0], 9.0);
        assertEquals(radii[1], 4.0);
        assertEquals(radii[5], 4.0);
        assertEquals(radii[9], 9.0);
    }

    @Test
    public void identicalSetsHavePrecisionAndRecallOne() {
        float[] features = KernelDistanceTest.gaussian(200, 5, 0, 3);
        PrecisionRecall same = PrecisionRecall.of(features, features.clone(), 5);
        assertEquals(same.precision(), 1.0);
        assertEquals(same.recall(), 1.0);
        assertEquals(same.k(), PrecisionRecall.DEFAULT_K);
    }

    @Test
    public void aShiftedLineLosesWhatLeavesTheOtherManifold() {
        // Real manifold: balls of radius 3 at 0 and 9, radius 2 elsewhere: [-3, 12]. Generated
        // = real + 10, manifold [7, 22]. Generated points inside [-3, 12]: 10, 11, 12 -> 3 of 10.
        // Real points inside [7, 22]: 7, 8, 9 -> 3 of 10.
        PrecisionRecall shifted = PrecisionRecall.of(line(0), line(10), 1);
        assertEquals(shifted.precision(), 0.3, 1e-12);
        assertEquals(shifted.recall(), 0.3, 1e-12);
    }

    @Test
    public void aCollapsedGeneratorIsPreciseButRecallsLittle() {
        // Generated: ten copies of near 4.5 (radius 0 in a set of duplicates): all lie on the real
        // manifold, but only a real point at distance 0 from them would be covered: none.
        float[] collapsed = new float[10];
        java.util.Arrays.fill(collapsed, 4.5f);
        PrecisionRecall result = PrecisionRecall.of(line(0), collapsed, 1);
        assertEquals(result.precision(), 1.0);
        assertEquals(result.recall(), 0.0);
        // k = 1 on the shifted line: radius 1 everywhere; real [-1, 10], generated [9, 20].
        PrecisionRecall near = PrecisionRecall.of(line(0), line(10), 1, 1);
        assertEquals(near.precision(), 0.1, 1e-12);
        assertEquals(near.recall(), 0.1, 1e-12);
    }

    @Test
    public void tooFewVectorsAreRefused() {
        IllegalArgumentException error =
                expectThrows(
                        IllegalArgumentException.class,
                        () -> PrecisionRecall.of(new float[] {1, 2, 3}, line(0), 1));
        assertTrue(error.getMessage().contains("k = 3"), error.getMessage());
    }
}
