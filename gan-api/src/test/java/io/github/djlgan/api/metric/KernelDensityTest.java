package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class KernelDensityTest {

    @Test
    public void estimatesAGaussianDensity() {
        SplittableRandom random = new SplittableRandom(4);
        float[] samples = new float[20000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (4 + 0.5 * random.nextGaussian());
        }
        // Silverman: h = 1.06 * 0.5 * 20000^(-1/5) = 0.073.
        assertEquals(KernelDensity.bandwidth(samples), 0.073, 0.003);
        double[] density = KernelDensity.estimate(samples, new double[] {4, 4.5, 10});
        // The estimate is N(4, 0.5^2 + h^2); its peak 0.790 lies 1% under the true 0.798, and the
        // sampling error of the peak is about 0.01.
        assertEquals(density[0], 1 / Math.sqrt(2 * Math.PI * (0.25 + 0.073 * 0.073)), 0.02);
        assertEquals(density[1], 0.798 * Math.exp(-0.5), 0.02);
        assertEquals(density[2], 0.0, 1e-12);
    }
}
