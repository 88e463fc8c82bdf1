package io.github.djlgan.api.metric;

/**
 * Exhaustive nearest-neighbour search in Euclidean distance, for the paper's Figure 2 check that a
 * generator does not merely recall training images.
 */
public final class NearestNeighbours {

    private NearestNeighbours() {}

    /**
     * Finds, for each query, the index of the closest of a set of points (the first on ties).
     *
     * @param queries the queries, {@code dimension} values each, one after the other
     * @param points the points searched, {@code dimension} values each
     * @param dimension the number of values of a query or a point
     * @return for each query, the index of its nearest point
     * @throws IllegalArgumentException if the arrays are not whole multiples of the dimension or
     *     there are no points
     */
    public static int[] nearest(float[] queries, float[] points, int dimension) {
        if (dimension < 1
                || queries.length % dimension != 0
                || points.length % dimension != 0
                || points.length == 0) {
            throw new IllegalArgumentException(
                    "queries and points must be non-empty multiples of the dimension " + dimension);
        }
        int count = points.length / dimension;
        int[] found = new int[queries.length / dimension];
        for (int q = 0; q < found.length; q++) {
            double best = Double.POSITIVE_INFINITY;
            int offset = q * dimension;
            for (int p = 0; p < count; p++) {
                double distance = 0;
                int start = p * dimension;
                for (int j = 0; j < dimension && distance < best; j++) {
                    double difference = queries[offset + j] - points[start + j];
                    distance += difference * difference;
                }
                if (distance < best) {
                    best = distance;
                    found[q] = p;
                }
            }
        }
        return found;
    }
}
