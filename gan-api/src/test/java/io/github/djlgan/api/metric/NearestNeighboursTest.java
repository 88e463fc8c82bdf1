package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import org.testng.annotations.Test;

public class NearestNeighboursTest {

    @Test
    public void findsTheClosestPointOfEachQuery() {
        float[] points = {0, 0, 10, 0, 0, 10, 10, 10};
        float[] queries = {9, 1, 1, 8, 6, 6, 0, 0};
        assertEquals(NearestNeighbours.nearest(queries, points, 2), new int[] {1, 2, 3, 0});
    }

    @Test
    public void tiesGoToTheFirstPoint() {
        float[] points = {-1, 1};
        assertEquals(NearestNeighbours.nearest(new float[] {0}, points, 1), new int[] {0});
    }

    @Test
    public void raggedArraysAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NearestNeighbours.nearest(new float[] {1, 2, 3}, new float[] {1, 2}, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> NearestNeighbours.nearest(new float[] {1, 2}, new float[0], 2));
    }
}
