package io.github.djlgan.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import io.github.djlgan.djl.optimizer.StatefulOptimizer;

import java.util.List;

/**
 * One of the two networks as the loop trains it: its block called in training mode, the
 * parameters that learn, and its optimiser. It stands in for DJL's {@code Trainer}, which the loop
 * does not use: a {@code Trainer} needs a loss (the GAN losses are computed from both networks'
 * outputs, so it would go unused) and its {@code step()} copies every gradient and refuses the
 * all-zero gradients a saturated discriminator legitimately gives its generator.
 */
final class TrainableNetwork {

    private final Model model;
    private final StatefulOptimizer optimizer;
    private final List<Parameter> weights;

    /**
     * Takes a network for training.
     *
     * <p>The block is initialised again for the training input shapes, as DJL's {@code
     * Trainer.initialize} does: parameters already initialised keep their values, but {@code
     * Parameter.initialize} marks every learning parameter's array as requiring a gradient, which
     * a checkpoint loaded into the network needs ({@code Parameter.load} decodes fresh arrays that
     * do not), and the block records the training input shapes, which its saved parameters carry
     * as metadata (so parameter files stay byte for byte what they were when DJL's {@code
     * Trainer} did this).
     *
     * @param model the network, initialised or loaded
     * @param optimizer its optimiser
     * @param inputShapes the shapes of a training minibatch's input, batch axis first
     */
    TrainableNetwork(Model model, StatefulOptimizer optimizer, Shape... inputShapes) {
        this.model = model;
        this.optimizer = optimizer;
        model.getBlock().initialize(model.getNDManager(), model.getDataType(), inputShapes);
        this.weights =
                model.getBlock().getParameters().values().stream()
                        .filter(Parameter::requiresGradient)
                        .toList();
    }

    /**
     * Runs the block in training mode on the parameters' current arrays.
     *
     * @param input the block's input, in the step's manager
     * @return its single output, in the input's manager
     */
    NDArray forward(NDList input) {
        // Without copies and on one device a store hands out the parameters' own arrays.
        ParameterStore parameters = new ParameterStore(input.head().getManager(), false);
        return model.getBlock().forward(parameters, input, true).singletonOrThrow();
    }

    /**
     * Runs the block in training mode with its learning parameters as constants: each is passed
     * detached ({@link NDArray#stopGradient()}), so a backward pass through the output reaches the
     * input but leaves no gradient on the parameters. Parameters that do not learn (batch norm's
     * running statistics, spectral normalisation's vectors) are passed as they are, so that
     * training mode still updates them in place.
     *
     * <p>This is what freezing the parameters ({@link Parameter#freeze}) around the call would do,
     * without its cost: on MXNet, thawing a parameter allocates and zeroes a new gradient array
     * (14% of a grid25 step's samples).
     *
     * @param input the block's input, in the step's manager
     * @return its single output, in the input's manager
     */
    NDArray forwardWithConstantWeights(NDList input) {
        NDManager step = input.head().getManager();
        ParameterStore constants =
                new ParameterStore(step, false) {
                    @Override
                    public NDArray getValue(Parameter parameter, Device device, boolean training) {
                        NDArray value = super.getValue(parameter, device, training);
                        if (value == null || !parameter.requiresGradient()) {
                            return value;
                        }
                        NDArray constant = value.stopGradient();
                        constant.attach(step);
                        return constant;
                    }
                };
        return model.getBlock().forward(constants, input, true).singletonOrThrow();
    }

    /**
     * Updates the learning parameters from the gradients the last backward pass left on them; the
     * optimiser clears the gradients it used, as DJL's do.
     *
     * <p>The gradients' handles join the step's manager rather than being freed here: MXNet
     * waits for an array's pending writes before freeing it, so freeing each after its update
     * made the loop wait for the whole backward pass before it could queue anything else (42% of
     * a grid25 step's samples on MXNet).
     *
     * @param stepManager the manager of the step's temporaries
     */
    void update(NDManager stepManager) {
        for (Parameter parameter : weights) {
            NDArray weight = parameter.getArray();
            NDArray gradient = weight.getGradient();
            gradient.attach(stepManager);
            optimizer.update(parameter.getId(), weight, gradient);
        }
    }

    /**
     * Returns the parameters that learn (not batch norm's running statistics, not spectral
     * normalisation's vectors).
     *
     * @return the parameters, in the block's order
     */
    List<Parameter> weights() {
        return weights;
    }

    /**
     * Returns the network's optimiser.
     *
     * @return the optimiser
     */
    StatefulOptimizer optimizer() {
        return optimizer;
    }
}
