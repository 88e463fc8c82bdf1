package io.github.djlgan.djl.stabilizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Weight clipping: after each discriminator update every weight is clipped to {@code [-c, c]},
 * the Wasserstein GAN's way of keeping the critic K-Lipschitz.
 *
 * @see <a href="https://arxiv.org/abs/1701.07875">Arjovsky et al. 2017, Wasserstein GAN,
 *     Algorithm 1, line 7</a>
 */
public final class WeightClipping implements DiscriminatorConstraint {

    private final NDManager manager;
    private final NDArray lower;
    private final NDArray upper;

    /**
     * Creates the constraint.
     *
     * @param clip c, positive
     * @param parent the manager whose device the weights live on; the bounds {-c, c} are kept in
     *     a sub-manager of it, closed by {@link #close}
     * @throws IllegalArgumentException if c is not positive
     */
    public WeightClipping(float clip, NDManager parent) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive, got " + clip);
        }
        this.manager = parent.newSubManager();
        this.manager.setName("weightClipping");
        this.lower = manager.create(-clip);
        this.upper = manager.create(clip);
    }

    @Override
    public void afterUpdate(List<Parameter> weights) {
        for (Parameter parameter : weights) {
            NDArray array = parameter.getArray();
            // In place, as the optimisers update; 0 * w + clip(w) is exactly clip(w). Not
            // NDArray.clip(Number, Number): on DJL 0.36's PyTorch engine it leaves two scalar
            // arrays behind in the weights' manager on every call.
            try (NDArray below = array.minimum(upper);
                    NDArray clipped = below.maximum(lower)) {
                array.muli(0).addi(clipped);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
