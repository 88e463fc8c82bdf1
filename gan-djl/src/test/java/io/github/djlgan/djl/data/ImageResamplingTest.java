package io.github.djlgan.djl.data;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class ImageResamplingTest {

    /** Sums of at most a few dozen float products of values below 256. */
    private static final float FLOAT = 1e-3f;

    @Test
    public void theSameSizeGivesTheSameValues() {
        float[] plane = noise(7 * 5, 1);
        float[] resized = ImageResampling.resize(plane, 7, 5, 7, 5);
        for (int i = 0; i < plane.length; i++) {
            assertEquals(resized[i], plane[i], 0f);
        }
    }

    @Test
    public void shrinkingByAWholeFactorAveragesBlocks() {
        float[] plane = noise(6 * 4, 2);
        float[] resized = ImageResampling.resize(plane, 6, 4, 3, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                float mean =
                        (plane[2 * y * 6 + 2 * x]
                                        + plane[2 * y * 6 + 2 * x + 1]
                                        + plane[(2 * y + 1) * 6 + 2 * x]
                                        + plane[(2 * y + 1) * 6 + 2 * x + 1])
                                / 4;
                assertEquals(resized[y * 3 + x], mean, FLOAT);
            }
        }
    }

    @Test
    public void areaAveragingKeepsTheMean() {
        // Every source pixel's weights sum to target / source along each axis, so the mean of
        // the result equals the mean of the source for any shrinking factor.
        float[] plane = noise(28 * 28, 3);
        float[] resized = ImageResampling.resize(plane, 28, 28, 11, 11);
        assertEquals(mean(resized), mean(plane), FLOAT);
    }

    @Test
    public void enlargingInterpolatesLinearlyBetweenPixelCentres() {
        // A ramp v(x) = 10 x: bilinear interpolation at source position (i + 1/2) / 2 - 1/2
        // reproduces it exactly away from the borders, where the position is clamped.
        float[] ramp = new float[4];
        for (int x = 0; x < 4; x++) {
            ramp[x] = 10 * x;
        }
        float[] resized = ImageResampling.resize(ramp, 4, 1, 8, 1);
        float[] expected = {0, 2.5f, 7.5f, 12.5f, 17.5f, 22.5f, 27.5f, 30};
        for (int i = 0; i < 8; i++) {
            assertEquals(resized[i], expected[i], FLOAT, "pixel " + i);
        }
    }

    @Test
    public void squareBytesCutsTheCentreAndRounds() {
        // A 5x3 picture: columns 1 to 3 are the centred 3x3 square; columns 0 and 4 must be cut.
        float[] planes = new float[2 * 3 * 5];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    planes[(c * 3 + y) * 5 + x] = x == 0 || x == 4 ? 255f : 100.4f + 50 * c;
                }
            }
        }
        byte[] square = ImageResampling.squareBytes(planes, 2, 5, 3, 2);
        assertEquals(square.length, 2 * 2 * 2);
        for (int i = 0; i < 4; i++) {
            assertEquals(square[i] & 0xff, 100);
            assertEquals(square[4 + i] & 0xff, 150);
        }
    }

    private static float[] noise(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextInt(256);
        }
        return values;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
