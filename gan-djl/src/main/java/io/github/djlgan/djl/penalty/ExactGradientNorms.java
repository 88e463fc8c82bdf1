package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

import java.util.List;
import java.util.function.Function;

/**
 * {@code ||g||^2} exactly: g from the engine's double backpropagation ({@link InputGradients}), so
 * the penalty's parameter gradient is a second-order one. Serves every penalty.
 */
final class ExactGradientNorms implements GradientNorms {

    private final InputGradients gradients;
    private final List<Parameter> parameters;

    /**
     * Creates the exact norms.
     *
     * @param gradients the engine's input gradients
     * @param parameters D's parameters that learn, whose gradients the input gradient leaves alone
     */
    ExactGradientNorms(InputGradients gradients, List<Parameter> parameters) {
        this.gradients = gradients;
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public NDArray squaredNorms(
            Function<NDList, NDArray> discriminator, NDList input, long update) {
        NDArray x = input.head().duplicate();
        x.setRequiresGradient(true);
        NDList leaf = new NDList(x);
        leaf.addAll(input.subNDList(1));
        NDArray logits = discriminator.apply(leaf);
        NDArray gradient = gradients.gradient(logits, x, parameters);
        return gradient.reshape(logits.getShape().get(0), -1).square().sum(new int[] {1});
    }
}
