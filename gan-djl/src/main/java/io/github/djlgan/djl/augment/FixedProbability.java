package io.github.djlgan.djl.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A probability that never changes, compared with the uniform numbers on the host; it has no
 * state to checkpoint.
 *
 * @param probability p, in [0, 1]
 */
record FixedProbability(float probability) implements AugmentProbability {

    FixedProbability {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                    "the augment probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public NDArray gates(NDManager manager, float[] uniforms) {
        float[] open = new float[uniforms.length];
        for (int i = 0; i < open.length; i++) {
            open[i] = uniforms[i] < probability ? 1 : 0;
        }
        return manager.create(open);
    }

    @Override
    public double value() {
        return probability;
    }
}
