package io.github.djlgan.djl.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Measures the fp32 matrix-multiply rate an engine reaches on a device: square products {@code C
 * = A B} of side n cost {@code 2 n^3} FLOPs each. The best of several timed rounds is the peak that
 * a model's achieved FLOP rate is compared with.
 */
public final class MatmulPeak {

    private MatmulPeak() {}

    /**
     * Times {@code rounds} rounds of {@code products} products of side {@code side}, after one
     * round of warm-up, reading a value back at the end of each round.
     *
     * @param engine the DJL engine name
     * @param device the device
     * @param side n, the side of the matrices
     * @param products the products per round
     * @param rounds the timed rounds
     * @return the best rate seen, in GFLOP/s
     */
    public static double measure(String engine, Device device, int side, int products, int rounds) {
        double flops = 2.0 * side * side * side * products;
        double best = 0;
        try (NDManager manager = Engine.getEngine(engine).newBaseManager(device)) {
            NDArray left = manager.randomUniform(-1, 1, new Shape(side, side));
            NDArray right = manager.randomUniform(-1, 1, new Shape(side, side));
            for (int round = -1; round < rounds; round++) {
                long start = System.nanoTime();
                float check = 0;
                for (int i = 0; i < products; i++) {
                    try (NDArray product = left.matMul(right)) {
                        if (i == products - 1) {
                            check = product.getFloat(0, 0);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round >= 0 && Float.isFinite(check)) {
                    best = Math.max(best, flops / seconds / 1e9);
                }
            }
        }
        return best;
    }
}
