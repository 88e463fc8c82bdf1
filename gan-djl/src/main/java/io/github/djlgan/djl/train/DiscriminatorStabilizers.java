package io.github.djlgan.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

import io.github.djlgan.djl.stabilizer.DiscriminatorConstraint;
import io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;
import io.github.djlgan.djl.stabilizer.DiscriminatorStabilizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stabilisers a {@link GanTrainer} is composed from, applied in the order they were added:
 * input transforms on every sample D sees, regularisers' terms on D's loss, constraints after each
 * D update. With none, every method leaves its input as it is and adds no operation to the step.
 */
final class DiscriminatorStabilizers implements AutoCloseable {

    private final List<DiscriminatorInputTransform> inputTransforms;
    private final List<DiscriminatorRegularizer> regularizers;
    private final List<DiscriminatorConstraint> constraints;
    private final List<DiscriminatorStabilizer> all;

    DiscriminatorStabilizers(
            List<DiscriminatorInputTransform> inputTransforms,
            List<DiscriminatorRegularizer> regularizers,
            List<DiscriminatorConstraint> constraints) {
        this.inputTransforms = List.copyOf(inputTransforms);
        this.regularizers = List.copyOf(regularizers);
        this.constraints = List.copyOf(constraints);
        List<DiscriminatorStabilizer> every = new ArrayList<>(inputTransforms);
        every.addAll(regularizers);
        every.addAll(constraints);
        this.all = List.copyOf(every);
    }

    /**
     * Puts D's samples (not its labels) through the input transforms.
     *
     * @param input D's input, {@code (x)} or {@code (x, labels)}
     * @return the input with transformed samples; {@code input} itself when there are none
     */
    NDList transform(NDList input) {
        if (inputTransforms.isEmpty()) {
            return input;
        }
        NDArray samples = input.head();
        for (DiscriminatorInputTransform transform : inputTransforms) {
            samples = transform.transform(samples);
        }
        NDList result = new NDList(samples);
        result.addAll(input.subNDList(1));
        return result;
    }

    /**
     * Adds the regularisers' terms to D's loss.
     *
     * @param loss D's adversarial loss, a scalar
     * @param discriminator D in training mode
     * @param real D's real input as judged
     * @param fake D's generated input as judged
     * @param realLogits D's logits on {@code real}
     * @param fakeLogits D's logits on {@code fake}
     * @return the regularised loss; {@code loss} itself when there are none
     */
    NDArray regularize(
            NDArray loss,
            Function<NDList, NDArray> discriminator,
            NDList real,
            NDList fake,
            NDArray realLogits,
            NDArray fakeLogits) {
        NDArray total = loss;
        for (DiscriminatorRegularizer regularizer : regularizers) {
            total =
                    total.add(
                            regularizer.penalty(
                                    discriminator, real, fake, realLogits, fakeLogits));
        }
        return total;
    }

    /**
     * Enforces the constraints on D's weights.
     *
     * @param weights D's parameters that learn
     */
    void afterUpdate(List<Parameter> weights) {
        for (DiscriminatorConstraint constraint : constraints) {
            constraint.afterUpdate(weights);
        }
    }

    /**
     * Shows D's real logits of one D update to every stabiliser, after the update.
     *
     * @param realLogits D's logits on the update's real minibatch
     */
    void observeRealLogits(NDArray realLogits) {
        for (DiscriminatorStabilizer stabilizer : all) {
            stabilizer.observeRealLogits(realLogits);
        }
    }

    /**
     * Returns every stabiliser's numbers to log.
     *
     * @return values by column name, stabilisers in order
     */
    Map<String, Double> logValues() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (DiscriminatorStabilizer stabilizer : all) {
            values.putAll(stabilizer.logValues());
        }
        return values;
    }

    /**
     * Returns every stabiliser's counters.
     *
     * @return the counters by name, stabilisers in order
     */
    Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (DiscriminatorStabilizer stabilizer : all) {
            positions.putAll(stabilizer.positions());
        }
        return positions;
    }

    /**
     * Continues every stabiliser from a checkpoint's counters.
     *
     * @param positions the checkpoint's counters by name
     */
    void resumeAt(Map<String, Long> positions) {
        for (DiscriminatorStabilizer stabilizer : all) {
            stabilizer.resumeAt(positions);
        }
    }

    @Override
    public void close() {
        for (DiscriminatorStabilizer stabilizer : all) {
            stabilizer.close();
        }
    }
}
