package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class JensenShannonTest {

    private static double[] gaussian(double[] grid, double mean, double std) {
        double[] density = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            double z = (grid[i] - mean) / std;
            density[i] = Math.exp(-z * z / 2) / (std * Math.sqrt(2 * Math.PI));
        }
        return density;
    }

    private static double[] grid(double min, double max, int points) {
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = min + (max - min) * i / (points - 1);
        }
        return grid;
    }

    @Test
    public void identicalDensitiesHaveZeroDivergence() {
        double[] p = gaussian(grid(-5, 5, 501), 0.3, 1.2);
        assertEquals(JensenShannon.divergence(p, p.clone()), 0.0, 1e-15);
        assertEquals(JensenShannon.criterion(0), -Math.log(4), 1e-15);
    }

    @Test
    public void disjointDensitiesHaveLogTwo() {
        double[] p = new double[100];
        double[] q = new double[100];
        for (int i = 0; i < 50; i++) {
            p[i] = 1;
            q[50 + i] = 3;
        }
        assertEquals(JensenShannon.divergence(p, q), Math.log(2), 1e-12);
        assertEquals(JensenShannon.criterion(Math.log(2)), 0.0, 1e-15);
    }

    @Test
    public void overlappingGaussiansLieStrictlyBetween() {
        double[] grid = grid(-8, 8, 1601);
        double[] p = gaussian(grid, 0, 1);
        double near = JensenShannon.divergence(p, gaussian(grid, 0.5, 1));
        double far = JensenShannon.divergence(p, gaussian(grid, 2, 1));
        assertTrue(near > 0 && near < far && far < Math.log(2), near + " " + far);
        // For small shifts JSD ~ Fisher information * shift^2 / 8 = 0.25 / 8 for N(0,1).
        assertEquals(near, 0.25 / 8, 0.002);
        assertEquals(JensenShannon.divergence(gaussian(grid, 0.5, 1), p), near, 1e-12);
    }

    @Test
    public void rejectsBadDensities() {
        assertThrows(IllegalArgumentException.class,
                () -> JensenShannon.divergence(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> JensenShannon.divergence(new double[] {1, -1}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> JensenShannon.divergence(new double[] {0, 0}, new double[] {1, 1}));
    }
}
