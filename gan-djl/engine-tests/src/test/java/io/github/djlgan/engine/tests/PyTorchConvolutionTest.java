package io.github.djlgan.engine.tests;

import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.util.Random;

/**
 * PyTorch's 2-d convolution and its input gradient equal direct sums for the DCGAN layers' kernel
 * shapes with channel counts that are not a multiple of oneDNN's 16-channel block. On an AMD EPYC
 * with AVX-512, libtorch 2.7.1's oneDNN kernels in blocked layouts got 42 of 66 such shapes wrong
 * (2026-12-01: gradients off by about 10, sometimes NaN; every shape listed here among them) and
 * all right with {@code ONEDNN_MAX_CPU_ISA=SSE41}, which the build's surefire settings and the
 * launcher set: this test fails where that setting is lost. PyTorch only: MXNet does not read the
 * variable and its MKL build is known to crash the JVM on some of these small convolutions
 * ({@code EngineQuirks.SMALL_DCGAN_CRASHES}).
 */
public class PyTorchConvolutionTest {

    /** The unit roundoff of float32, 2^-24. */
    private static final double UNIT_ROUNDOFF = Math.scalb(1.0, -24);

    /** kernel, stride, padding, side, input channels, output channels. */
    @DataProvider
    public Object[][] shapes() {
        return new Object[][] {
            {2, 1, 1, 7, 16, 4}, // ConvTranspose2d's convolution, F = 1, without the rounding up
            {2, 1, 1, 7, 32, 8},
            {2, 1, 1, 7, 40, 12},
            {4, 2, 1, 14, 26, 16}, // D's second convolution
            {4, 2, 1, 14, 40, 8},
            {4, 2, 1, 28, 1, 40}, // D's first convolution
        };
    }

    /**
     * The output y and the input gradient of {@code sum(y * g)} for Gaussian x, w and g, against
     * sums in double. Each entry is a sum of n products; float32 accumulation is off from the
     * exact sum by at most {@code n u sum|terms|} (Higham, Accuracy and Stability of Numerical
     * Algorithms, 2002, section 3.1), which bounds every entry's error here; a wrong block
     * padding adds terms of order 1.
     */
    @Test(dataProvider = "shapes")
    public void outputAndInputGradientEqualDirectSums(
            int kernel, int stride, int padding, int side, int in, int out) {
        int batch = 8;
        int outSide = (side + 2 * padding - kernel) / stride + 1;
        Random random = new Random(kernel * 1000L + in * 100L + out);
        float[] x = gaussian(random, batch * in * side * side);
        float[] w = gaussian(random, out * in * kernel * kernel);
        float[] g = gaussian(random, batch * out * outSide * outSide);
        float[] y;
        float[] dx;
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray input = manager.create(x, new Shape(batch, in, side, side));
            NDArray weight = manager.create(w, new Shape(out, in, kernel, kernel));
            input.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray output = Conv2d.conv2d(input, weight, null, new Shape(stride, stride),
                        new Shape(padding, padding), new Shape(1, 1)).singletonOrThrow();
                y = output.toFloatArray();
                collector.backward(output.mul(manager.create(g, output.getShape())).sum());
                dx = input.getGradient().toFloatArray();
            }
        }
        double[] yExact = new double[y.length];
        double[] yAbs = new double[y.length];
        double[] dxExact = new double[dx.length];
        double[] dxAbs = new double[dx.length];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < outSide; r++) {
                    for (int c = 0; c < outSide; c++) {
                        int yi = ((b * out + o) * outSide + r) * outSide + c;
                        for (int ch = 0; ch < in; ch++) {
                            for (int i = 0; i < kernel; i++) {
                                for (int j = 0; j < kernel; j++) {
                                    int row = r * stride - padding + i;
                                    int col = c * stride - padding + j;
                                    if (row < 0 || col < 0 || row >= side || col >= side) {
                                        continue;
                                    }
                                    int xi = ((b * in + ch) * side + row) * side + col;
                                    double wij = w[((o * in + ch) * kernel + i) * kernel + j];
                                    yExact[yi] += x[xi] * wij;
                                    yAbs[yi] += Math.abs(x[xi] * wij);
                                    dxExact[xi] += g[yi] * wij;
                                    dxAbs[xi] += Math.abs(g[yi] * wij);
                                }
                            }
                        }
                    }
                }
            }
        }
        int terms = Math.max(in * kernel * kernel, out * kernel * kernel);
        assertWithin("output", y, yExact, yAbs, terms);
        assertWithin("input gradient", dx, dxExact, dxAbs, terms);
    }

    private static void assertWithin(
            String what, float[] got, double[] exact, double[] absolute, int terms) {
        for (int i = 0; i < got.length; i++) {
            // n u sum|terms| for the sum, plus the rounding of the result to float32.
            double bound = terms * UNIT_ROUNDOFF * absolute[i]
                    + UNIT_ROUNDOFF * Math.abs(exact[i]) + Float.MIN_NORMAL;
            assertTrue(Math.abs(got[i] - exact[i]) <= bound,
                    what + " entry " + i + ": " + got[i] + " against " + exact[i]
                            + " (bound " + bound + "; ONEDNN_MAX_CPU_ISA="
                            + System.getenv("ONEDNN_MAX_CPU_ISA") + ")");
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
