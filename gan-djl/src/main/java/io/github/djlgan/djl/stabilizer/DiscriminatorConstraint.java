package io.github.djlgan.djl.stabilizer;

import ai.djl.nn.Parameter;

import java.util.List;

/**
 * A constraint on the discriminator's weights, enforced after each of its optimiser updates, such
 * as the Wasserstein GAN's weight clipping ({@link WeightClipping}). It changes the weights in
 * place and takes no part in the gradient.
 */
public interface DiscriminatorConstraint extends DiscriminatorStabilizer {

    /**
     * Enforces the constraint.
     *
     * @param weights D's parameters that learn (batch norm's running statistics and spectral
     *     normalisation's vectors are not among them); their arrays are changed in place
     */
    void afterUpdate(List<Parameter> weights);
}
