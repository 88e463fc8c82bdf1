package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The gradient of a network's outputs with respect to its input, itself differentiable with
 * respect to the network's parameters (double backpropagation, "create graph"): what gradient
 * penalties need and DJL's engine-neutral {@code GradientCollector} does not offer.
 *
 * <p>Each engine's implementation lives in its own module (gan-engine-pytorch, gan-engine-mxnet),
 * the only code that names engine classes, and is found at run time through {@link
 * ServiceLoader}, keyed by DJL's engine name ({@link #forEngine}). A library user gets it by
 * adding that module beside the DJL engine.
 */
public interface InputGradients {

    /**
     * Returns the name of the DJL engine this implementation serves, as {@code
     * Engine.getEngineName()} spells it.
     *
     * @return the engine name, for example {@code PyTorch}
     */
    String engineName();

    /**
     * Computes {@code d(sum(outputs)) / d input}. Must be called while a gradient collector is
     * open, after {@code outputs} were computed from {@code input} in it; {@code input} must be a
     * leaf that requires a gradient ({@code NDArray.setRequiresGradient(true)} on a copy). The
     * result stays on the collector's graph, so a loss computed from it has a gradient with respect
     * to the network's parameters when the collector's backward pass runs.
     *
     * <p>The gradients already on {@code parameters} (and on {@code input}) are left exactly as
     * they were: the implementations compute the gradient the way PyTorch's {@code
     * torch.autograd.grad} and Gluon's {@code autograd.grad} do, without accumulating into any
     * array's gradient; a test checks it bit for bit.
     *
     * @param outputs the network's outputs, any shape, in the step's manager
     * @param input the input the outputs were computed from, shape {@code (batch, ...)}
     * @param parameters the network's parameters that learn, whose gradients must not change
     * @return the gradient, the shape of {@code input}, in {@code input}'s manager
     */
    NDArray gradient(NDArray outputs, NDArray input, List<Parameter> parameters);

    /**
     * Says which layer made a second-order backward pass fail, in words a user can act on; called
     * with what the engine threw when the gradient of a penalty could not be computed.
     *
     * @param failure what the engine threw
     * @return a sentence naming the layer and what works instead
     */
    default String explain(RuntimeException failure) {
        return failure.getMessage();
    }

    /**
     * Finds the implementation for an engine on the class path.
     *
     * @param engineName DJL's engine name, for example {@code PyTorch} or {@code MXNet}
     * @return the implementation
     * @throws InvalidInputException naming the engine, the module it needs and the engines that
     *     have one, when none serves it
     */
    static InputGradients forEngine(String engineName) {
        List<String> available = new ArrayList<>();
        for (InputGradients candidate : ServiceLoader.load(InputGradients.class)) {
            if (candidate.engineName().equals(engineName)) {
                return candidate;
            }
            available.add(candidate.engineName());
        }
        throw new InvalidInputException(
                "gradient penalties need second-order gradients, and no module offers them for"
                        + " engine "
                        + engineName
                        + " (add io.github.djlgan:gan-engine-"
                        + engineName.toLowerCase(java.util.Locale.ROOT)
                        + " if it exists); engines that have them here: "
                        + (available.isEmpty() ? "none" : String.join(", ", available))
                        + "; use --penalty-estimator finite-difference for r1 and r2, or train"
                        + " without --penalty");
    }
}
