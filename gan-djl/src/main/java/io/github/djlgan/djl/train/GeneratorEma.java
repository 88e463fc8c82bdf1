package io.github.djlgan.djl.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator EMA ({@code --ema BETA}, {@code stabilizers.ema} in config.json): an exponential
 * moving average of the generator's weights, updated after every training step:
 *
 * <pre>w_avg &lt;- beta w_avg + (1 - beta) w,   w_avg = w at the start</pre>
 *
 * <p>The averaged generator moves less from step to step than the trained one and usually samples
 * better (Yazici et al. 2019). It is used for sampling and evaluation: {@link #withAverage} puts
 * the averages into the generator for the length of a call, and {@link #save} writes them as
 * {@value #FILE} beside a checkpoint's parameters. Only parameters that learn are averaged; batch
 * norm's running statistics stay the trained generator's.
 *
 * @see <a href="https://arxiv.org/abs/1806.04498">Yazici et al. 2019, The Unusual Effectiveness of
 *     Averaging in GAN Training</a>
 */
public final class GeneratorEma implements TrainingListener, AutoCloseable {

    /**
     * The file of a checkpoint that holds the averaged generator's parameters. The name is kept
     * from before the class was renamed, so that older checkpoints resume with their average.
     */
    public static final String FILE = "generator-ema.params";

    private final float decay;
    private final List<Parameter> weights;
    private final NDManager manager;
    private final List<NDArray> averages = new ArrayList<>();
    private NDManager previousTemporaries;

    /**
     * Starts the average at the generator's current weights.
     *
     * @param generator the generator, initialised
     * @param decay beta, in (0, 1)
     */
    public GeneratorEma(Model generator, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = (float) decay;
        this.weights =
                generator.getBlock().getParameters().values().stream()
                        .filter(Parameter::requiresGradient)
                        .toList();
        this.manager = generator.getNDManager().newSubManager();
        this.manager.setName("generatorEma");
        for (Parameter parameter : weights) {
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(manager);
            averages.add(copy);
        }
    }

    /**
     * Starts the average for a run, or continues the one a checkpoint holds. Call it after the
     * checkpoint's parameters were loaded into the models and before a trainer is built on them.
     *
     * @param models the models, holding the checkpoint's trained weights if {@code from} is given
     * @param decay beta, in [0, 1); 0 means the run keeps no average
     * @param from the checkpoint to continue from, or null for a new run
     * @return the average, or null when {@code decay} is 0
     * @throws IOException if the checkpoint's average cannot be read
     */
    public static GeneratorEma continuing(GanModels models, double decay, Checkpoint from)
            throws IOException {
        if (decay == 0) {
            return null;
        }
        GeneratorEma average = new GeneratorEma(models.generator(), decay);
        if (from != null && from.hasPart(FILE)) {
            try {
                average.restore(models, from.part(FILE));
            } catch (IOException | RuntimeException e) {
                average.close();
                throw e;
            }
        }
        return average;
    }

    /**
     * Moves every average one step towards the generator's current weights.
     *
     * <p>The temporaries (w (1 - beta)) are freed at the next call, not here: MXNet waits for an
     * array's pending writes before freeing it, and freeing each at once made the loop wait for
     * the generator's update to finish.
     */
    public void update() {
        if (previousTemporaries != null) {
            previousTemporaries.close();
        }
        previousTemporaries = manager.newSubManager();
        for (int i = 0; i < weights.size(); i++) {
            NDArray share = weights.get(i).getArray().mul(1 - decay);
            share.attach(previousTemporaries);
            averages.get(i).muli(decay).addi(share);
        }
    }

    @Override
    public void onStep(GanTrainer trainer) {
        update();
    }

    /**
     * Runs an action with the averaged weights in the generator, then restores the trained ones.
     *
     * @param action what to do with the averaged generator
     * @param <T> what the action returns
     * @return the action's result
     * @throws IOException if the action does
     */
    public <T> T withAverage(Action<T> action) throws IOException {
        List<NDArray> trained = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < weights.size(); i++) {
                NDArray live = weights.get(i).getArray();
                NDArray copy = live.duplicate();
                copy.attach(scope);
                trained.add(copy);
                // Exact assignment in place: 0 * w + a is a.
                live.muli(0).addi(averages.get(i));
            }
            try {
                return action.run();
            } finally {
                for (int i = 0; i < weights.size(); i++) {
                    weights.get(i).getArray().muli(0).addi(trained.get(i));
                }
            }
        }
    }

    /**
     * Writes the averaged generator's parameters into a checkpoint directory as {@value #FILE}.
     *
     * @param models the models whose generator is averaged
     * @param checkpoint the checkpoint directory
     * @throws IOException if writing fails
     */
    public void save(GanModels models, Path checkpoint) throws IOException {
        withAverage(
                () -> {
                    models.saveGenerator(checkpoint.resolve(FILE));
                    return null;
                });
    }

    /**
     * Returns the checkpoint part that holds the averaged generator's parameters, in the format of
     * {@link GanModels#saveGenerator}.
     *
     * @param models the models whose generator is averaged
     * @return the writer of part {@value #FILE}
     */
    public AtomicFiles.Writer checkpointPart(GanModels models) {
        return out ->
                withAverage(
                        () -> {
                            DataOutputStream data =
                                    new DataOutputStream(new BufferedOutputStream(out));
                            models.generator().getBlock().saveParameters(data);
                            data.flush();
                            return null;
                        });
    }

    /**
     * Continues the average saved in a checkpoint: loads it into the generator, takes it as the
     * average, and puts the trained weights back. Call it before a trainer is built on the
     * generator: loading gives its parameters new arrays, and a trainer keeps those it was built
     * with.
     *
     * @param models the models, holding the checkpoint's trained weights
     * @param file the checkpoint's {@value #FILE}
     * @throws IOException if reading fails
     */
    public void restore(GanModels models, Path file) throws IOException {
        List<NDArray> trained = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            for (Parameter parameter : weights) {
                NDArray copy = parameter.getArray().duplicate();
                copy.attach(scope);
                trained.add(copy);
            }
            models.loadGenerator(file);
            for (int i = 0; i < weights.size(); i++) {
                averages.get(i).muli(0).addi(weights.get(i).getArray());
                weights.get(i).getArray().muli(0).addi(trained.get(i));
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Something done with the averaged generator.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Action<T> {
        /**
         * Does it.
         *
         * @return the result
         * @throws IOException if output fails
         */
        T run() throws IOException;
    }
}
