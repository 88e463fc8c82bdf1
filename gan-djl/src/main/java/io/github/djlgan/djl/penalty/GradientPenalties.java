package io.github.djlgan.djl.penalty;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.djl.model.GanModels;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a {@link PenaltyConfig} into the {@link GradientPenalty} a trainer is composed from
 * ({@code GanTrainerBuilder.addRegularizer}), after checking, before any training, that the
 * discriminator's engine computes it: exactly, or with the finite-difference estimator.
 */
public final class GradientPenalties {

    private static final Logger LOGGER = LogManager.getLogger(GradientPenalties.class);

    private GradientPenalties() {}

    /**
     * Creates the penalty for a pair of models.
     *
     * <p>With the exact estimator, before returning it runs the penalty's double backward pass
     * once through D, on a minibatch of random points with D's weights frozen (their gradients
     * untouched). Where the engine lacks the implementation, or cannot differentiate a layer's
     * backward pass (MXNet 1.9), a perceptron D (linear layers and ReLU or LeakyReLU, packed or
     * not) gets its input gradient in closed form ({@link PerceptronGradientNorms}), exact on
     * every engine; any other D stops the run here with one message naming the engine, the layer
     * and what works instead. No approximation is ever substituted silently. The
     * finite-difference estimator ({@link PenaltyEstimator#FINITE_DIFFERENCE}) needs first-order
     * gradients only, so neither the engine module nor the probe; it refuses a D with dropout,
     * whose two forward points would see different masks.
     *
     * @param config the penalty
     * @param models G and D, initialised; D's learning parameters are the ones penalised
     * @param batchSize the training minibatch size (a multiple of D's pack size)
     * @param seed the seed of the penalty's random numbers, derived from the run's seed
     * @return the regulariser; the trainer that it is added to closes it
     * @throws InvalidInputException if the engine has no implementation, or cannot differentiate
     *     a layer of D twice and D is not a perceptron (exact), or D has dropout (finite difference)
     */
    public static GradientPenalty create(
            PenaltyConfig config, GanModels models, int batchSize, long seed) {
        GradientNorms norms;
        if (config.estimator() == PenaltyEstimator.FINITE_DIFFERENCE) {
            refuseDropout(models.discriminator().getBlock());
            norms = new FiniteDifferenceGradientNorms(seed);
        } else {
            norms = exactNorms(models, batchSize, seed);
        }
        return new GradientPenalty(config, norms, seed, models.discriminator().getNDManager());
    }

    /**
     * The engine's double backpropagation where it differentiates every layer of D twice, else,
     * for a perceptron D (the 2D data's MLP, packed or not), its input gradient in closed form,
     * which is just as exact; else the engine's refusal.
     */
    private static GradientNorms exactNorms(GanModels models, int batchSize, long seed) {
        NDManager manager = models.discriminator().getNDManager();
        Block block = models.discriminator().getBlock();
        List<Parameter> weights =
                block.getParameters().values().stream()
                        .filter(Parameter::requiresGradient)
                        .toList();
        try {
            InputGradients gradients =
                    InputGradients.forEngine(manager.getEngine().getEngineName());
            probe(gradients, block, weights, models, batchSize, seed);
            return new ExactGradientNorms(gradients, weights);
        } catch (InvalidInputException refusal) {
            GradientNorms closedForm =
                    PerceptronGradientNorms.of(block, manager).orElseThrow(() -> refusal);
            LOGGER.info(
                    "{} cannot differentiate this discriminator twice; its penalty is computed"
                            + " exactly from the perceptron's input gradient in closed form",
                    manager.getEngine().getEngineName());
            return closedForm;
        }
    }

    /** Refuses a D with dropout: the two points of a difference would see different masks. */
    private static void refuseDropout(Block block) {
        if (block instanceof Dropout) {
            throw new InvalidInputException(
                    "the finite-difference penalty estimator needs a deterministic discriminator,"
                            + " and this one has dropout (its two forward points would see"
                            + " different masks); use --penalty-estimator exact or a D without"
                            + " dropout");
        }
        for (Block child : block.getChildren().values()) {
            refuseDropout(child);
        }
    }

    /** One double backward pass through D on random points, D's weights frozen. */
    private static void probe(
            InputGradients gradients,
            Block block,
            List<Parameter> weights,
            GanModels models,
            int batchSize,
            long seed) {
        Shape shape = new Shape(batchSize).addAll(models.sampleShape());
        SplittableRandom random = new SplittableRandom(seed).split();
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        for (Parameter weight : weights) {
            weight.freeze(true);
        }
        try (NDManager scratch = models.discriminator().getNDManager().newSubManager();
                GradientCollector collector = scratch.getEngine().newGradientCollector()) {
            NDArray x = scratch.create(values, shape);
            x.setRequiresGradient(true);
            NDList input = new NDList(x);
            if (models.classes() > 0) {
                input.add(scratch.zeros(new Shape(batchSize)));
            }
            NDArray logits =
                    block.forward(new ParameterStore(scratch, false), input, true)
                            .singletonOrThrow();
            NDArray gradient = gradients.gradient(logits, x, List.of());
            // x * 0 keeps the probe's loss on the graph when g does not depend on x or on
            // anything else that requires a gradient (a linear D, whose g is its frozen weight).
            collector.backward(gradient.square().sum().add(x.sum().mul(0)));
        } catch (EngineException e) {
            throw new InvalidInputException(gradients.explain(e), e);
        } finally {
            for (Parameter weight : weights) {
                weight.freeze(false);
            }
        }
    }
}
