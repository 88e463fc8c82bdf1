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
import java.util.Optional;
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

    DiscriminatorStabilizers(
            List<DiscriminatorInputTransform> inputTransforms,
            List<DiscriminatorRegularizer> regularizers,
            List<DiscriminatorConstraint> constraints) {
        this.inputTransforms = List.copyOf(inputTransforms);
        this.regularizers = List.copyOf(regularizers);
        this.constraints = List.copyOf(constraints);
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
     * Returns every stabiliser's counters.
     *
     * @return the counters by name, stabilisers in order
     */
    Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (DiscriminatorStabilizer stabilizer : all()) {
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
        for (DiscriminatorStabilizer stabilizer : all()) {
            stabilizer.resumeAt(positions);
        }
    }

    /**
     * Finds the first stabiliser of a type.
     *
     * @param type the type
     * @param <T> the type
     * @return the stabiliser, or empty if the trainer has none of that type
     */
    <T extends DiscriminatorStabilizer> Optional<T> find(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private List<DiscriminatorStabilizer> all() {
        List<DiscriminatorStabilizer> all = new ArrayList<>(inputTransforms);
        all.addAll(regularizers);
        all.addAll(constraints);
        return all;
    }

    @Override
    public void close() {
        for (DiscriminatorStabilizer stabilizer : all()) {
            stabilizer.close();
        }
    }
}
