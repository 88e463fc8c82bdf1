package io.github.djlgan.djl.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;

import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.optimizer.StatefulOptimizer;
import io.github.djlgan.djl.stabilizer.DiscriminatorConstraint;
import io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a GAN by Algorithm 1 of Goodfellow et al. (2014): each step makes k discriminator
 * updates, each on a fresh real minibatch and fresh noise, then one generator update.
 *
 * <p>Gradient hygiene that holds on every engine:
 *
 * <ul>
 *   <li>In the discriminator update, G(z) is detached ({@link NDArray#stopGradient()}), so no
 *       gradient reaches G. It is computed inside D's gradient collector all the same: MXNet runs
 *       batch norm in training mode only while a collector records.
 *   <li>In the generator update, D's learning parameters enter as constants ({@link
 *       TrainableNetwork#forwardWithConstantWeights}), so no gradient is left on them. DJL's
 *       PyTorch engine accumulates gradients until an optimiser update clears them; otherwise the
 *       next D update would add G's pull on D (towards calling fakes real) to its own. MXNet
 *       overwrites gradients; both now behave alike, which a parity test checks.
 *   <li>Only one gradient collector is open at a time.
 * </ul>
 *
 * <p>The networks are called directly in training mode and updated by their {@link
 * StatefulOptimizer}s ({@link TrainableNetwork}); no DJL {@code Trainer} is involved.
 *
 * <p>Stabilisers are parts the loop is composed from, not branches in it: {@link
 * DiscriminatorInputTransform}s act on every sample D sees, real and generated, in both updates;
 * {@link DiscriminatorRegularizer}s add a term to D's loss; {@link DiscriminatorConstraint}s run
 * after each D update. After each D update every stabiliser is shown D's logits on that update's
 * real minibatch ({@link DiscriminatorStabilizer#observeRealLogits}), which ADA's adaptive
 * augmentation probability needs; nothing is read back for it.
 *
 * <p>A conditional GAN needs no other loop: G's input is {@code (z, labels)} and D's is {@code
 * (x, labels)}. Fakes are generated for the labels of the real minibatch beside them (the G update
 * for those of the last one), so real and generated samples have the same class distribution and D
 * cannot tell them apart by their labels alone; each is judged with its own labels.
 *
 * <p>Every step runs in its own sub-manager, closed at the end of the step, so nothing it creates
 * outlives it. Losses and scores are summed on the engine and read back only at the log interval,
 * where parameters are also checked for NaN and infinity.
 *
 * <p>Its whole state can be checkpointed ({@link #checkpointParts}, {@link TrainerCheckpoint}) and
 * restored ({@link #restore}). Training on from a restored state gives the parameters that
 * training straight through would have given.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public final class GanTrainer implements AutoCloseable {

    private final GanModels models;
    private final Engine engine;
    private final TrainableNetwork generator;
    private final TrainableNetwork discriminator;
    private final GanLoss loss;
    private final RealDataSource realData;
    private final NoiseSource noise;
    private final int batchSize;
    private final int discriminatorSteps;
    private final int logEvery;
    private final DiscriminatorStabilizers stabilizers;
    private final NDManager manager;
    private final StatsAccumulator stats;
    private final DivergenceCheck divergence;

    private long step;
    /** Real minibatches drawn so far. */
    private long realBatches;
    /** Noise batches drawn so far. */
    private long noiseBatches;
    private volatile boolean stopRequested;

    GanTrainer(GanTrainerBuilder builder) {
        this.models = builder.models;
        this.engine = models.discriminator().getNDManager().getEngine();
        this.loss = builder.loss;
        this.realData = builder.realData;
        this.noise = builder.noise;
        this.batchSize = builder.batchSize;
        this.discriminatorSteps = builder.discriminatorSteps;
        this.logEvery = builder.logEvery;
        this.stabilizers =
                new DiscriminatorStabilizers(
                        builder.inputTransforms, builder.regularizers, builder.constraints);
        this.generator =
                new TrainableNetwork(
                        models.generator(),
                        builder.generatorOptimizer,
                        GanModels.inputShapes(models.latentShape(), models.classes(), batchSize));
        this.discriminator =
                new TrainableNetwork(
                        models.discriminator(),
                        builder.discriminatorOptimizer,
                        GanModels.inputShapes(models.sampleShape(), models.classes(), batchSize));
        this.manager = models.discriminator().getNDManager().newSubManager();
        this.manager.setName("ganTrainer");
        this.stats = new StatsAccumulator(manager);
        this.divergence = new DivergenceCheck(models);
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static GanTrainerBuilder builder() {
        return new GanTrainerBuilder();
    }

    /**
     * Returns the number of steps (generator updates) made so far.
     *
     * @return the step counter
     */
    public long step() {
        return step;
    }

    /**
     * Returns the models being trained.
     *
     * @return the models
     */
    public GanModels models() {
        return models;
    }

    /**
     * Returns the source of the generator's training noise.
     *
     * @return the noise source
     */
    public NoiseSource noise() {
        return noise;
    }

    /**
     * Trains until {@link #step()} reaches {@code lastStep}, or until {@link #requestStop} is
     * called, telling the listeners as it goes; {@link TrainingListener#onTrainingEnd} is called
     * in both cases.
     *
     * @param lastStep the step count to stop at
     * @param listeners the listeners, called in order
     * @throws IOException if a listener cannot write its output
     * @throws TrainingDivergedException if a loss or a parameter becomes NaN or infinite (seen at a
     *     log interval)
     */
    public void fit(long lastStep, List<TrainingListener> listeners) throws IOException {
        for (TrainingListener listener : listeners) {
            listener.onTrainingStart(this);
        }
        stats.reset();
        while (step < lastStep && !stopRequested) {
            trainStep();
            // Stats before the step's listeners: a checkpoint of this step then always comes after
            // its metrics row, so a run killed in between loses no row when it resumes.
            if (step % logEvery == 0 || step == lastStep) {
                StepStats averages = stats.drain(step);
                if (!averages.isFinite() || !divergence.parametersFinite()) {
                    throw new TrainingDivergedException(averages);
                }
                for (TrainingListener listener : listeners) {
                    listener.onStats(this, averages);
                }
            }
            for (TrainingListener listener : listeners) {
                listener.onStep(this);
            }
        }
        for (TrainingListener listener : listeners) {
            listener.onTrainingEnd(this);
        }
    }

    /**
     * Asks {@link #fit} to return after the step in progress; safe to call from another thread
     * (a shutdown hook on Ctrl-C).
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Checks that the losses summed since the last log interval and every parameter are finite,
     * reading them back from the engine. Called before a checkpoint is written, so that no
     * checkpoint ever holds a diverged state.
     *
     * @throws TrainingDivergedException if something is NaN or infinite
     */
    public void requireFinite() {
        float[] sums = stats.peek();
        if (!divergence.parametersFinite() || !DivergenceCheck.finite(sums)) {
            throw new TrainingDivergedException(stats.averages(step, sums, Double.NaN));
        }
    }

    /**
     * Makes one step of Algorithm 1: k discriminator updates, then one generator update.
     *
     * <p>The step's inputs drawn on the host (the k real minibatches and the k + 1 noise batches)
     * are copied to the engine before any update is queued: MXNet's copy from the host waits
     * until the engine has run everything queued before it, so a copy between two updates would
     * make the loop wait for the first (18% of a grid25 step's samples). The draws are made in the
     * same order as before, each source from its own generator, so the batches are the same.
     */
    public void trainStep() {
        try (NDManager stepManager = manager.newSubManager()) {
            List<NDList> reals = new ArrayList<>(discriminatorSteps);
            List<NDList> latents = new ArrayList<>(discriminatorSteps);
            for (int i = 0; i < discriminatorSteps; i++) {
                NDList real = nextReal(stepManager);
                reals.add(real);
                latents.add(latent(stepManager, real.subNDList(1)));
            }
            NDList generatorLatent =
                    latent(stepManager, reals.get(discriminatorSteps - 1).subNDList(1));
            NDArray discriminatorStats =
                    discriminatorStep(stepManager, reals.get(0), latents.get(0));
            for (int i = 1; i < discriminatorSteps; i++) {
                discriminatorStats =
                        discriminatorStats.add(
                                discriminatorStep(stepManager, reals.get(i), latents.get(i)));
            }
            NDArray generatorLoss = generatorStep(stepManager, generatorLatent);
            stats.add(discriminatorStats, discriminatorSteps, generatorLoss);
        }
        step++;
    }

    private NDList nextReal(NDManager stepManager) {
        realBatches++;
        return realData.next(stepManager, batchSize);
    }

    /**
     * One discriminator update: ascend {@code log D(x) + log(1 - D(G(z)))} on a fresh minibatch.
     *
     * @param real the real minibatch, with its labels when conditional
     * @param latent G's input for this update: {@code (z)} or {@code (z, labels)}
     * @return {D loss, mean D(x), mean D(G(z))} in the step's manager
     */
    private NDArray discriminatorStep(NDManager stepManager, NDList real, NDList latent) {
        NDList logits = discriminatorGradients(real, latent);
        updateDiscriminator(stepManager);
        stabilizers.observeRealLogits(logits.get(0));
        return NDArrays.stack(
                new NDList(
                        logits.get(2),
                        Activation.sigmoid(logits.get(0)).mean(),
                        Activation.sigmoid(logits.get(1)).mean()));
    }

    /**
     * Computes D's loss (with the regularisers' terms) on a real minibatch and on G(z), detached
     * so that the discriminator update cannot reach the generator, and leaves its gradients on D's
     * parameters without updating them.
     *
     * @param real D's input for real data: {@code (x)} or {@code (x, labels)}
     * @param latent G's input: {@code (z)} or {@code (z, labels)}
     * @return {real logits, fake logits, D loss, G(z)}
     */
    NDList discriminatorGradients(NDList real, NDList latent) {
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray fake = generator.forward(latent).stopGradient();
            NDList realInput = stabilizers.transform(real);
            NDArray realLogits = discriminator.forward(realInput);
            NDList fakeInput = stabilizers.transform(judged(fake, latent));
            NDArray fakeLogits = discriminator.forward(fakeInput);
            NDArray discriminatorLoss =
                    stabilizers.regularize(
                            loss.discriminatorLoss(realLogits, fakeLogits),
                            discriminator::forward,
                            realInput,
                            fakeInput,
                            realLogits,
                            fakeLogits);
            collector.backward(discriminatorLoss);
            return new NDList(realLogits, fakeLogits, discriminatorLoss, fake);
        }
    }

    /**
     * One generator update: descend the generator loss on fresh noise, D held constant.
     *
     * @param latent G's input: {@code (z)} or {@code (z, labels)}
     * @return the G loss in the step's manager
     */
    private NDArray generatorStep(NDManager stepManager, NDList latent) {
        NDArray generatorLoss = generatorGradients(latent);
        updateGenerator(stepManager);
        return generatorLoss;
    }

    /**
     * Computes G's loss through D, its weights held constant, and leaves its gradients on G's
     * parameters only.
     *
     * @param latent G's input: {@code (z)} or {@code (z, labels)}
     * @return the G loss
     */
    NDArray generatorGradients(NDList latent) {
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray fake = generator.forward(latent);
            NDArray fakeLogits =
                    discriminator.forwardWithConstantWeights(
                            stabilizers.transform(judged(fake, latent)));
            NDArray generatorLoss = loss.generatorLoss(fakeLogits);
            collector.backward(generatorLoss);
            return generatorLoss;
        }
    }

    /** G's input: fresh z, with the labels to generate for when conditional (else nothing). */
    private NDList latent(NDManager stepManager, NDList conditions) {
        noiseBatches++;
        NDList latent = new NDList(noise.next(stepManager, batchSize));
        latent.addAll(conditions);
        return latent;
    }

    /** D's input for generated samples: the samples, with the labels they were generated for. */
    private static NDList judged(NDArray fake, NDList latent) {
        NDList input = new NDList(fake);
        input.addAll(latent.subNDList(1));
        return input;
    }

    /** Applies D's optimiser to the gradients on its parameters, then the constraints. */
    void updateDiscriminator(NDManager stepManager) {
        discriminator.update(stepManager);
        stabilizers.afterUpdate(discriminator.weights());
    }

    /** Applies the generator's optimiser to the gradients on its parameters. */
    void updateGenerator(NDManager stepManager) {
        generator.update(stepManager);
    }

    /**
     * Reads back the averages since the last call and starts a new interval. This is the one
     * place the loop waits for the engine.
     *
     * @return the averages over the steps since the last call
     */
    public StepStats drainStats() {
        return stats.drain(step);
    }

    /**
     * Returns the stabilisers' numbers to log ({@link DiscriminatorStabilizer#logValues}), such as
     * ADA's augmentation probability; may read back from the engine, so call it at a log interval.
     *
     * @return values by column name, in a fixed order; empty without such stabilisers
     */
    public Map<String, Double> stabilizerLogValues() {
        return stabilizers.logValues();
    }

    /**
     * Returns the manager the trainer keeps its own state in; a test counts its arrays to see
     * that steps leak nothing.
     *
     * @return the trainer's manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Returns how to write the trainer's whole state as checkpoint parts ({@link
     * TrainerCheckpoint}). Callers may add parts of their own.
     *
     * @return the parts by file name, in a fixed order
     */
    public Map<String, AtomicFiles.Writer> checkpointParts() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(TrainerCheckpoint.STEP, step);
        counters.put(TrainerCheckpoint.REAL_BATCHES, realBatches);
        counters.put(TrainerCheckpoint.NOISE_BATCHES, noiseBatches);
        counters.putAll(stabilizers.positions());
        return TrainerCheckpoint.parts(
                models, generator.optimizer(), discriminator.optimizer(), counters);
    }

    /**
     * Continues from a checkpoint: restores both optimisers' state and the step counter, and
     * re-derives the data, noise and stabilisers' streams by drawing as much as had been drawn.
     * The models' parameters must have been loaded from the same checkpoint before this trainer
     * was built ({@link GanModels#loadParameters}).
     *
     * @param checkpoint a verified checkpoint of this trainer's kind
     * @throws IOException if reading fails
     * @throws io.github.djlgan.api.InvalidInputException if a part does not fit these networks or
     *     optimisers
     */
    public void restore(Checkpoint checkpoint) throws IOException {
        Map<String, Long> counters = TrainerCheckpoint.readCounters(checkpoint);
        TrainerCheckpoint.loadOptimizers(
                models, generator.optimizer(), discriminator.optimizer(), checkpoint);
        step = counters.get(TrainerCheckpoint.STEP);
        realBatches = counters.get(TrainerCheckpoint.REAL_BATCHES);
        noiseBatches = counters.get(TrainerCheckpoint.NOISE_BATCHES);
        try (NDManager scratch = manager.newSubManager()) {
            realData.skip(scratch, realBatches, batchSize);
        }
        noise.skip(noiseBatches, batchSize);
        stabilizers.resumeAt(counters);
        stats.reset();
    }

    /**
     * Multiplies both optimisers' later learning rates by a factor.
     *
     * @param factor the factor, positive
     */
    public void scaleLearningRates(float factor) {
        generator.optimizer().scaleLearningRate(factor);
        discriminator.optimizer().scaleLearningRate(factor);
    }

    /** Closes the trainer's state, both optimisers and every stabiliser it was built with. */
    @Override
    public void close() {
        manager.close();
        generator.optimizer().close();
        discriminator.optimizer().close();
        stabilizers.close();
    }
}
