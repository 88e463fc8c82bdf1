package io.github.djlgan.djl.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;

import io.github.djlgan.api.InvalidInputException;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DJL {@link Optimizer} whose whole state can be saved and loaded: the update counts, a factor on
 * the learning rate, and named per-parameter arrays (such as Adam's moments). The state is saved by
 * the parameters' names in their block (stable across runs and engines), not by their ids, which
 * are new in every process.
 *
 * <p>Subclasses implement {@link #update} with {@link #updateCount}, {@link #learningRate} and
 * {@link #state}. State arrays belong to no manager: DJL's MXNet engine calls {@link #update} from
 * its parameter server with arrays in a manager that is closed right after the call, so state made
 * there would die with it (DJL's own optimisers detach their state for the same reason). {@link
 * #close()} frees them.
 *
 * <p>Saved form (engine-neutral, laid out in {@code SavedState}): a header, the optimiser's {@link
 * #kind()}, the global update count, the learning-rate factor, then per parameter its name, its own
 * update count and each state array in DJL's {@link NDArray#encode()} format. Reading it back
 * checks every count and length against the block before allocating.
 */
public abstract class StatefulOptimizer extends Optimizer implements AutoCloseable {

    private final ParameterTracker learningRateTracker;
    private final List<String> stateNames;
    private final Map<String, Integer> updateCounts = new HashMap<>();
    /** State name, then parameter id, then the array. */
    private final Map<String, Map<String, NDArray>> states = new HashMap<>();
    private int numUpdate;
    private float learningRateFactor = 1f;

    /**
     * Creates the optimiser.
     *
     * @param builder the settings common to every optimiser
     * @param stateNames the names of the per-parameter arrays the update rule keeps
     */
    protected StatefulOptimizer(Builder<?> builder, List<String> stateNames) {
        super(builder);
        this.learningRateTracker =
                Objects.requireNonNull(builder.learningRateTracker, "learningRateTracker");
        this.stateNames = List.copyOf(stateNames);
        for (String name : stateNames) {
            states.put(name, new HashMap<>());
        }
    }

    /**
     * Returns the name this optimiser's state is saved under, such as {@code adam}; loading
     * state of another kind is refused.
     *
     * @return the kind
     */
    public abstract String kind();

    /**
     * Counts one more update of a parameter and returns the step number t that the update rule
     * uses: as in DJL, the largest count over all parameters.
     *
     * @param parameterId the parameter's id
     * @return t, from 1
     */
    @Override
    protected synchronized int updateCount(String parameterId) {
        int count = updateCounts.merge(parameterId, 1, Integer::sum);
        numUpdate = Math.max(numUpdate, count);
        return numUpdate;
    }

    /**
     * Returns the learning rate of update t: the tracker's value times the factor set by {@link
     * #scaleLearningRate}.
     *
     * @param parameterId the parameter's id
     * @param t the step number from {@link #updateCount}
     * @return the learning rate
     */
    protected float learningRate(String parameterId, int t) {
        float rate = learningRateTracker.getNewValue(parameterId, t) * learningRateFactor;
        if (!Float.isFinite(rate)) {
            throw new IllegalStateException("learning rate is not finite: " + rate);
        }
        return rate;
    }

    /**
     * Returns a state array of a parameter, zeros the first time.
     *
     * @param name one of the state names given to the constructor
     * @param parameterId the parameter's id
     * @param weight the parameter's value, giving shape, type and device
     * @return the state array, owned by this optimiser
     */
    protected synchronized NDArray state(String name, String parameterId, NDArray weight) {
        Map<String, NDArray> byParameter = states.get(name);
        NDArray value = byParameter.get(parameterId);
        if (value == null) {
            value = weight.zerosLike();
            value.detach();
            byParameter.put(parameterId, value);
        }
        return value;
    }

    /**
     * Returns the gradient as DJL's update rules use it: {@code rescaleGrad * grad + weightDecay *
     * w}, clipped to [-clipGrad, clipGrad] when {@code clipGrad >= 0}. Call it inside an {@link
     * ai.djl.ndarray.NDScope}: the result is a temporary.
     *
     * @param weight the parameter
     * @param grad its gradient
     * @return the gradient to apply
     */
    protected NDArray effectiveGradient(NDArray weight, NDArray grad) {
        NDArray gradient = grad.mul(rescaleGrad);
        if (getWeightDecay() != 0f) {
            gradient = gradient.add(weight.mul(getWeightDecay()));
        }
        if (clipGrad >= 0) {
            gradient = gradient.clip(-clipGrad, clipGrad);
        }
        return gradient;
    }

    /**
     * Sets a parameter's gradient to zero in place after an update written in NDArray operations,
     * as the engines' fused update kernels do, so that engines that accumulate gradients (PyTorch)
     * start the next step from zero. The gradient passed to {@link #update} may be a copy (DJL's
     * {@code Trainer.step()} duplicates it; {@code GanTrainer} passes the parameter's own), so the
     * parameter's own gradient is cleared. Call it
     * inside an {@link ai.djl.ndarray.NDScope}: the handle to the gradient is a temporary.
     *
     * @param weight the parameter
     */
    protected static void clearGradient(NDArray weight) {
        if (weight.hasGradient()) {
            weight.getGradient().muli(0f);
        }
    }


    /**
     * Multiplies every later learning rate by a factor (a rollback after divergence lowers them).
     * The factor is part of the saved state.
     *
     * @param factor the factor, positive
     */
    public void scaleLearningRate(float factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive, got " + factor);
        }
        learningRateFactor *= factor;
    }

    /**
     * Returns the factor on the tracker's learning rate.
     *
     * @return 1 unless lowered
     */
    public float learningRateFactor() {
        return learningRateFactor;
    }

    /**
     * Returns t of the latest update, the number of updates made so far.
     *
     * @return the update count
     */
    public synchronized int updates() {
        return numUpdate;
    }

    /**
     * Writes the state of every parameter of a block.
     *
     * @param block the block this optimiser updates
     * @param out the stream
     * @throws IOException if writing fails
     */
    public synchronized void saveState(Block block, DataOutputStream out) throws IOException {
        out.writeUTF(SavedState.HEADER);
        out.writeInt(SavedState.FORMAT);
        out.writeUTF(kind());
        out.writeInt(numUpdate);
        out.writeFloat(learningRateFactor);
        List<Pair<String, Parameter>> parameters = block.getParameters().stream().toList();
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> entry : parameters) {
            String id = entry.getValue().getId();
            out.writeUTF(entry.getKey());
            out.writeInt(updateCounts.getOrDefault(id, 0));
            for (String name : stateNames) {
                NDArray value = states.get(name).get(id);
                out.writeBoolean(value != null);
                if (value != null) {
                    byte[] bytes = value.encode();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
        }
    }

    /**
     * Checks, changing nothing, that a state written by {@link #saveState} fits this optimiser
     * and a block, as {@link #loadState} would read it (see {@code SavedState} for what is
     * checked). A resume calls it before it changes anything.
     *
     * @param block the block this optimiser updates
     * @param in the state
     * @param size how many bytes {@code in} holds (the file's length)
     * @throws IOException if reading fails
     * @throws InvalidInputException with one line, if the state is of another optimiser or
     *     another block, truncated, longer than it declares, or declares anything else than this
     *     optimiser saves for this block
     */
    public void verifyState(Block block, InputStream in, long size) throws IOException {
        SavedState.read(block, kind(), stateNames, in, size);
    }

    /**
     * Replaces this optimiser's state with one written by {@link #saveState} for a block of the
     * same structure, on any engine. The state is checked whole first (as by {@link
     * #verifyState}); a refused one leaves this optimiser's state as it was.
     *
     * @param block the block this optimiser updates
     * @param in the state
     * @param size how many bytes {@code in} holds (the file's length)
     * @throws IOException if reading fails
     * @throws InvalidInputException with one line, as {@link #verifyState} does
     */
    public synchronized void loadState(Block block, InputStream in, long size)
            throws IOException {
        SavedState saved = SavedState.read(block, kind(), stateNames, in, size);
        clearState();
        List<Parameter> parameters = block.getParameters().values();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            SavedState.SavedParameter entry = saved.parameters().get(i);
            if (entry.updates() > 0) {
                updateCounts.put(parameter.getId(), entry.updates());
            }
            for (int j = 0; j < stateNames.size(); j++) {
                byte[] array = entry.arrays().get(j);
                if (array != null) {
                    NDArray value = NDArray.decode(parameter.getArray().getManager(), array);
                    value.detach();
                    states.get(stateNames.get(j)).put(parameter.getId(), value);
                }
            }
        }
        numUpdate = saved.updates();
        learningRateFactor = saved.learningRateFactor();
    }

    private void clearState() {
        updateCounts.clear();
        for (Map<String, NDArray> byParameter : states.values()) {
            byParameter.values().forEach(NDArray::close);
            byParameter.clear();
        }
    }

    /** Frees the state arrays. */
    @Override
    public synchronized void close() {
        clearState();
    }

    /**
     * The settings of every {@link StatefulOptimizer}: DJL's (weight decay, gradient rescaling and
     * clipping) and the learning rate.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("rawtypes")
    public abstract static class Builder<T extends Builder> extends OptimizerBuilder<T> {

        private ParameterTracker learningRateTracker;

        /** Creates a builder. */
        protected Builder() {}

        /**
         * Sets the learning rate and its schedule.
         *
         * @param learningRateTracker the tracker
         * @return this builder
         */
        public T setLearningRateTracker(ParameterTracker learningRateTracker) {
            this.learningRateTracker = learningRateTracker;
            return self();
        }
    }
}
