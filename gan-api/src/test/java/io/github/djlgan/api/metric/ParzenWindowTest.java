package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

public class ParzenWindowTest {

    /** The textbook formula, term by term: fine in low dimension, where nothing underflows. */
    private static double bruteForce(float[] query, float[] centres, int dimension, double sigma) {
        int count = centres.length / dimension;
        double sum = 0;
        for (int c = 0; c < count; c++) {
            double product = 1;
            for (int j = 0; j < dimension; j++) {
                double z = (query[j] - centres[c * dimension + j]) / sigma;
                product *= Math.exp(-z * z / 2) / (sigma * Math.sqrt(2 * Math.PI));
            }
            sum += product;
        }
        return Math.log(sum / count);
    }

    private static float[] gaussian(SplittableRandom random, int values) {
        float[] out = new float[values];
        for (int i = 0; i < values; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    @Test
    public void matchesBruteForceOnATinyCase() {
        SplittableRandom random = new SplittableRandom(11);
        int dimension = 3;
        float[] centres = gaussian(random, 40 * dimension);
        float[] queries = gaussian(random, 7 * dimension);
        double[] sigmas = {0.3, 0.7, 1.5};
        double[][] logs =
                ParzenWindow.logDensities(
                        ParzenWindow.exact(queries, centres, dimension),
                        7, 40, dimension, sigmas, 3);
        for (int s = 0; s < sigmas.length; s++) {
            for (int q = 0; q < 7; q++) {
                float[] query = java.util.Arrays.copyOfRange(
                        queries, q * dimension, (q + 1) * dimension);
                assertEquals(logs[s][q], bruteForce(query, centres, dimension, sigmas[s]), 1e-5);
            }
        }
    }

    @Test
    public void choosesTheWidthThatFitsTheValidationSet() {
        // Samples and validation data from the same N(0, I) in 2D: the best kernel width for 400
        // centres is of the order of n^(-1/6) ~ 0.37 (Silverman's rule), far from the grid's ends.
        SplittableRandom random = new SplittableRandom(5);
        float[] centres = gaussian(random, 400 * 2);
        float[] validation = gaussian(random, 300 * 2);
        float[] test = gaussian(random, 300 * 2);
        double[] sigmas = ParzenWindow.sigmaGrid(0.01, 10, 13);
        ParzenWindow.Estimate estimate =
                ParzenWindow.estimate(
                        ParzenWindow.exact(validation, centres, 2), 300,
                        ParzenWindow.exact(test, centres, 2), 300,
                        400, 2, sigmas, 64);
        assertTrue(estimate.sigma() > 0.1 && estimate.sigma() < 1, "sigma " + estimate.sigma());
        // The entropy of N(0, I) in 2D is log(2 pi e) = 2.84 nats; a kernel estimate is a little
        // worse on average.
        assertEquals(estimate.meanLogLikelihood(), -Math.log(2 * Math.PI * Math.E), 0.3);
        assertTrue(estimate.standardError() > 0 && estimate.standardError() < 0.2);
        assertEquals(estimate.validationLogLikelihoods().length, 13);
    }

    @Test
    public void doesNotUnderflowIn784Dimensions() {
        // A query on one centre, the other centres far off: every kernel value but one underflows
        // (exp(-2000) == 0), and naively even that one times (2 pi sigma^2)^(-392) overflows.
        int dimension = 784;
        int count = 5;
        float[] centres = new float[count * dimension];
        for (int c = 1; c < count; c++) {
            for (int j = 0; j < dimension; j++) {
                centres[c * dimension + j] = 1f;
            }
        }
        float[] query = new float[dimension];
        double sigma = 0.05;
        double[][] logs =
                ParzenWindow.logDensities(
                        ParzenWindow.exact(query, centres, dimension),
                        1, count, dimension, new double[] {sigma}, 1);
        double expected = Math.log(1.0 / count) - dimension / 2.0 * Math.log(2 * Math.PI * sigma * sigma);
        assertTrue(Double.isFinite(logs[0][0]));
        assertEquals(logs[0][0], expected, 1e-9);
        assertTrue(expected > 1000, "a sharp kernel gives a large density: " + expected);
    }

    @Test
    public void gridIsLogSpaced() {
        double[] grid = ParzenWindow.sigmaGrid(0.1, 10, 5);
        assertEquals(grid[0], 0.1, 1e-12);
        assertEquals(grid[2], 1.0, 1e-12);
        assertEquals(grid[4], 10.0, 1e-12);
    }
}
