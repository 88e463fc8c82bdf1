package io.github.djlgan.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.optimizer.StatefulOptimizer;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 *   <li>In the generator update, D's parameters are frozen ({@link Parameter#freeze}), so no
 *       gradient is left on them. DJL's PyTorch engine accumulates gradients until an optimiser
 *       update clears them; without the freeze, the next D update would add G's pull on D (towards
 *       calling fakes real) to its own. MXNet overwrites gradients; both now behave alike, which a
 *       parity test checks.
 *   <li>Only one gradient collector is open at a time.
 * </ul>
 *
 * <p>Two optional stabilisers act inside the loop: weight clipping of D after each of its updates
 * (the Wasserstein GAN's constraint) and instance noise, Gaussian noise added to every sample D
 * sees, real or generated, in both updates.
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
 * <p>Its whole state can be checkpointed ({@link #checkpointParts}) and restored ({@link
 * #restore}): parameters, both optimisers' state, the step counter and how many real and noise
 * batches were drawn, from which the host-side random streams are re-derived. Training on from a
 * restored state gives the parameters that training straight through would have given.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
 */
public final class GanTrainer implements AutoCloseable {

    /** The checkpoint part holding the generator optimiser's state. */
    public static final String GENERATOR_OPTIMIZER = "generator.optimizer";
    /** The checkpoint part holding the discriminator optimiser's state. */
    public static final String DISCRIMINATOR_OPTIMIZER = "discriminator.optimizer";
    /** The checkpoint part holding the step counter and the data streams' positions. */
    public static final String TRAINER_STATE = "trainer.json";

    /** Sums over the current log interval: D loss, mean D(x), mean D(G(z)), G loss. */
    private static final int STATS = 4;

    private final GanModels models;
    private final Trainer generatorTrainer;
    private final Trainer discriminatorTrainer;
    private final StatefulOptimizer generatorOptimizer;
    private final StatefulOptimizer discriminatorOptimizer;
    private final GanLoss loss;
    private final RealDataSource realData;
    private final NoiseSource noise;
    private final int batchSize;
    private final int discriminatorSteps;
    private final int logEvery;
    private final NDManager manager;
    /** D's parameters that learn; frozen in the G step. Running statistics are not among them. */
    private final List<Parameter> discriminatorWeights;
    /** G's parameters that learn. */
    private final List<Parameter> generatorWeights;
    /** c of weight clipping, 0 for none. */
    private final float weightClip;
    /** {-c, c} as arrays in the trainer's manager, or null. */
    private final NDList clipBounds;
    /** The standard deviation of instance noise, 0 for none. */
    private final float instanceNoise;
    /** Instance noise, one value per sample element, or null. */
    private final NoiseSource instanceNoiseSource;

    private NDArray statsSum;
    private long step;
    private long stepsInStats;
    private long statsStartNanos;
    /** Real minibatches drawn so far. */
    private long realBatches;
    /** Noise batches drawn so far. */
    private long noiseBatches;
    /** Rows of instance noise drawn so far (re-derived on restore, as the batches above). */
    private long instanceNoiseRows;
    private volatile boolean stopRequested;

    private GanTrainer(Builder builder) {
        this.models = builder.models;
        this.loss = builder.loss;
        this.realData = builder.realData;
        this.noise = builder.noise;
        this.batchSize = builder.batchSize;
        this.discriminatorSteps = builder.discriminatorSteps;
        this.logEvery = builder.logEvery;
        this.weightClip = builder.weightClip;
        this.instanceNoise = builder.instanceNoise;
        this.instanceNoiseSource =
                builder.instanceNoise > 0
                        ? new NoiseSource(
                                NoiseKind.GAUSSIAN,
                                (int) models.sampleShape().size(),
                                builder.instanceNoiseSeed)
                        : null;
        this.generatorOptimizer = builder.generatorOptimizer;
        this.discriminatorOptimizer = builder.discriminatorOptimizer;
        this.generatorTrainer =
                newTrainer(
                        models.generator(),
                        builder.generatorOptimizer,
                        GanModels.inputShapes(models.latentShape(), models.classes(), batchSize));
        this.discriminatorTrainer =
                newTrainer(
                        models.discriminator(),
                        builder.discriminatorOptimizer,
                        GanModels.inputShapes(models.sampleShape(), models.classes(), batchSize));
        this.discriminatorWeights = learning(models.discriminator());
        this.generatorWeights = learning(models.generator());
        this.manager = models.discriminator().getNDManager().newSubManager();
        this.manager.setName("ganTrainer");
        this.clipBounds =
                weightClip > 0
                        ? new NDList(manager.create(-weightClip), manager.create(weightClip))
                        : null;
        this.statsSum = manager.zeros(new Shape(STATS));
        this.statsStartNanos = System.nanoTime();
    }

    private static List<Parameter> learning(Model model) {
        return model.getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
    }

    private static Trainer newTrainer(
            Model model, StatefulOptimizer optimizer, Shape[] inputShapes) {
        // DJL's Trainer requires a Loss, which it only reports on; the GAN losses are computed by
        // GanLoss from both networks' outputs. Binary cross-entropy on logits is what D minimises.
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                        .optOptimizer(optimizer)
                        .optDevices(new Device[] {model.getNDManager().getDevice()});
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(inputShapes);
        return trainer;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
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
        resetStats();
        while (step < lastStep && !stopRequested) {
            trainStep();
            // Stats before the step's listeners: a checkpoint of this step then always comes after
            // its metrics row, so a run killed in between loses no row when it resumes.
            if (step % logEvery == 0 || step == lastStep) {
                StepStats stats = drainStats();
                if (!stats.isFinite() || !parametersFinite()) {
                    throw new TrainingDivergedException(stats);
                }
                for (TrainingListener listener : listeners) {
                    listener.onStats(this, stats);
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
     * Tells whether {@link #requestStop} was called.
     *
     * @return whether a stop was requested
     */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Checks that the losses summed since the last log interval and every parameter are finite,
     * reading them back from the engine. Called before a checkpoint is written, so that no
     * checkpoint ever holds a diverged state.
     *
     * @throws TrainingDivergedException if something is NaN or infinite
     */
    public void requireFinite() {
        float[] sums = statsSum.toFloatArray();
        boolean finite = parametersFinite();
        for (float sum : sums) {
            finite &= Float.isFinite(sum);
        }
        if (!finite) {
            throw new TrainingDivergedException(averages(sums, Double.NaN));
        }
    }

    /** Sums every parameter on the engine and reads the sums back once: NaN and inf propagate. */
    private boolean parametersFinite() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList sums = new NDList();
            for (Model model : List.of(models.generator(), models.discriminator())) {
                for (Parameter parameter : model.getBlock().getParameters().values()) {
                    sums.add(parameter.getArray().sum().reshape(1));
                }
            }
            for (float sum : NDArrays.concat(sums).toFloatArray()) {
                if (!Float.isFinite(sum)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Makes one step of Algorithm 1: k discriminator updates, then one generator update. */
    public void trainStep() {
        try (NDManager stepManager = manager.newSubManager()) {
            NDList real = nextReal(stepManager);
            NDArray discriminatorStats = discriminatorStep(stepManager, real);
            for (int i = 1; i < discriminatorSteps; i++) {
                real = nextReal(stepManager);
                discriminatorStats = discriminatorStats.add(discriminatorStep(stepManager, real));
            }
            NDArray generatorLoss = generatorStep(stepManager, real.subNDList(1));
            NDArray stepStats =
                    discriminatorStats.div(discriminatorSteps).concat(generatorLoss.reshape(1));
            statsSum.addi(stepStats);
        }
        step++;
        stepsInStats++;
    }

    private NDList nextReal(NDManager stepManager) {
        realBatches++;
        return realData.next(stepManager, batchSize);
    }

    /**
     * One discriminator update: ascend {@code log D(x) + log(1 - D(G(z)))} on a fresh minibatch.
     *
     * @param real the real minibatch, with its labels when conditional
     * @return {D loss, mean D(x), mean D(G(z))} in the step's manager
     */
    private NDArray discriminatorStep(NDManager stepManager, NDList real) {
        NDList logits = discriminatorGradients(real, latent(stepManager, real.subNDList(1)));
        updateDiscriminator();
        return NDArrays.stack(
                new NDList(
                        logits.get(2),
                        Activation.sigmoid(logits.get(0)).mean(),
                        Activation.sigmoid(logits.get(1)).mean()));
    }

    /**
     * Computes D's loss on a real minibatch and on G(z), detached so that the discriminator update
     * cannot reach the generator, and leaves its gradients on D's parameters without updating them.
     *
     * @param real D's input for real data: {@code (x)} or {@code (x, labels)}
     * @param latent G's input: {@code (z)} or {@code (z, labels)}
     * @return {real logits, fake logits, D loss, G(z)}
     */
    NDList discriminatorGradients(NDList real, NDList latent) {
        try (GradientCollector collector = discriminatorTrainer.newGradientCollector()) {
            NDArray fake = generatorTrainer.forward(latent).singletonOrThrow().stopGradient();
            NDArray realLogits = discriminatorTrainer.forward(withNoise(real)).singletonOrThrow();
            NDArray fakeLogits =
                    discriminatorTrainer.forward(withNoise(judged(fake, latent)))
                            .singletonOrThrow();
            NDArray discriminatorLoss = loss.discriminatorLoss(realLogits, fakeLogits);
            collector.backward(discriminatorLoss);
            return new NDList(realLogits, fakeLogits, discriminatorLoss, fake);
        }
    }

    /**
     * One generator update: descend the generator loss on fresh noise, D frozen.
     *
     * @param conditions the labels to generate for when conditional, else empty
     * @return the G loss in the step's manager
     */
    private NDArray generatorStep(NDManager stepManager, NDList conditions) {
        NDArray generatorLoss = generatorGradients(latent(stepManager, conditions));
        updateGenerator();
        return generatorLoss;
    }

    /**
     * Computes G's loss through a frozen D and leaves its gradients on G's parameters only.
     *
     * @param latent G's input: {@code (z)} or {@code (z, labels)}
     * @return the G loss
     */
    NDArray generatorGradients(NDList latent) {
        freezeDiscriminator(true);
        try (GradientCollector collector = generatorTrainer.newGradientCollector()) {
            NDArray fake = generatorTrainer.forward(latent).singletonOrThrow();
            NDArray fakeLogits =
                    discriminatorTrainer.forward(withNoise(judged(fake, latent)))
                            .singletonOrThrow();
            NDArray generatorLoss = loss.generatorLoss(fakeLogits);
            collector.backward(generatorLoss);
            return generatorLoss;
        } finally {
            freezeDiscriminator(false);
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

    /**
     * Adds instance noise to D's samples (not to labels), if configured: {@code x + sigma * n}, n
     * standard normal, drawn on the host so that every engine sees the same values.
     *
     * @see <a href="https://arxiv.org/abs/1610.04490">Sonderby et al. 2017, section 5</a>
     */
    private NDList withNoise(NDList input) {
        if (instanceNoiseSource == null) {
            return input;
        }
        NDArray samples = input.head();
        Shape shape = samples.getShape();
        instanceNoiseRows += shape.get(0);
        NDArray noise =
                instanceNoiseSource.next(samples.getManager(), (int) shape.get(0)).reshape(shape);
        NDList noisy = new NDList(samples.add(noise.muli(instanceNoise)));
        noisy.addAll(input.subNDList(1));
        return noisy;
    }

    /**
     * Freezes or thaws D's learning parameters. {@link Block#freezeParameters(boolean)} would
     * thaw every parameter, batch norm's running statistics included, which must never require a
     * gradient; so only the parameters that learn are touched.
     */
    private void freezeDiscriminator(boolean freeze) {
        for (Parameter parameter : discriminatorWeights) {
            parameter.freeze(freeze);
        }
    }

    /**
     * Applies the discriminator's optimiser to the gradients on its parameters, then clips its
     * weights to [-c, c] if weight clipping is configured (Arjovsky et al. 2017, Algorithm 1, line
     * 7).
     */
    void updateDiscriminator() {
        applyOptimizer(discriminatorOptimizer, discriminatorWeights);
        if (weightClip > 0) {
            for (Parameter parameter : discriminatorWeights) {
                NDArray weights = parameter.getArray();
                // In place, as the optimisers update; 0 * w + clip(w) is exactly clip(w). Not
                // NDArray.clip(Number, Number): on DJL 0.36's PyTorch engine it leaves two
                // scalar arrays behind in the weights' manager on every call.
                try (NDArray below = weights.minimum(clipBounds.get(1));
                        NDArray clipped = below.maximum(clipBounds.get(0))) {
                    weights.muli(0).addi(clipped);
                }
            }
        }
    }

    /** Applies the generator's optimiser to the gradients on its parameters. */
    void updateGenerator() {
        applyOptimizer(generatorOptimizer, generatorWeights);
    }

    /**
     * Updates parameters from the gradients the last backward pass left on them. Not DJL's {@link
     * Trainer#step()}: its parameter server copies every gradient before the update, and on the
     * first step it reads all gradients back and refuses to go on when they are all zero, which a
     * saturated discriminator legitimately gives its generator (and which an absurd learning rate
     * gives too; the divergence guard handles that at the log interval). The optimisers clear the
     * gradients they used, as DJL's do.
     */
    private static void applyOptimizer(StatefulOptimizer optimizer, List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(parameter.getId(), weight, gradient);
            }
        }
    }

    /**
     * Reads back the averages since the last call and starts a new interval. This is the one
     * place the loop waits for the engine.
     *
     * @return the averages over the steps since the last call
     */
    public StepStats drainStats() {
        float[] sums = statsSum.toFloatArray();
        double millisPerStep =
                (System.nanoTime() - statsStartNanos) / 1e6 / Math.max(stepsInStats, 1);
        StepStats stats = averages(sums, millisPerStep);
        resetStats();
        return stats;
    }

    private StepStats averages(float[] sums, double millisPerStep) {
        long steps = Math.max(stepsInStats, 1);
        return new StepStats(
                step,
                stepsInStats,
                sums[0] / steps,
                sums[3] / steps,
                sums[1] / steps,
                sums[2] / steps,
                millisPerStep);
    }

    private void resetStats() {
        // A fresh array rather than zeroing in place: NaN * 0 would stay NaN.
        statsSum.close();
        statsSum = manager.zeros(new Shape(STATS));
        stepsInStats = 0;
        statsStartNanos = System.nanoTime();
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
     * Returns the generator's optimiser.
     *
     * @return the optimiser
     */
    public StatefulOptimizer generatorOptimizer() {
        return generatorOptimizer;
    }

    /**
     * Returns the discriminator's optimiser.
     *
     * @return the optimiser
     */
    public StatefulOptimizer discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    /**
     * Returns how to write the trainer's whole state as checkpoint parts: both networks'
     * parameters ({@link GanModels#GENERATOR_FILE}, {@link GanModels#DISCRIMINATOR_FILE}), both
     * optimisers' state ({@link #GENERATOR_OPTIMIZER}, {@link #DISCRIMINATOR_OPTIMIZER}) and the
     * counters ({@link #TRAINER_STATE}). Callers may add parts of their own.
     *
     * @return the parts by file name, in a fixed order
     */
    public Map<String, AtomicFiles.Writer> checkpointParts() {
        Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>();
        parts.put(GanModels.GENERATOR_FILE, out -> saveParameters(models.generator(), out));
        parts.put(GanModels.DISCRIMINATOR_FILE, out -> saveParameters(models.discriminator(), out));
        parts.put(
                GENERATOR_OPTIMIZER,
                out -> saveOptimizer(generatorOptimizer, models.generator(), out));
        parts.put(
                DISCRIMINATOR_OPTIMIZER,
                out -> saveOptimizer(discriminatorOptimizer, models.discriminator(), out));
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.addProperty("realBatches", realBatches);
        state.addProperty("noiseBatches", noiseBatches);
        state.addProperty("instanceNoiseRows", instanceNoiseRows);
        byte[] json = (state + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        parts.put(TRAINER_STATE, out -> out.write(json));
        return parts;
    }

    private static void saveParameters(Model model, java.io.OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        model.getBlock().saveParameters(data);
        data.flush();
    }

    private static void saveOptimizer(
            StatefulOptimizer optimizer, Model model, java.io.OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        optimizer.saveState(model.getBlock(), data);
        data.flush();
    }

    /**
     * Continues from a checkpoint: restores both optimisers' state and the step counter, and
     * re-derives the data and noise streams by drawing as many batches as had been drawn. The
     * models' parameters must have been loaded from the same checkpoint before this trainer was
     * built ({@link GanModels#loadParameters}).
     *
     * @param checkpoint a verified checkpoint of this trainer's kind
     * @throws IOException if reading fails
     * @throws InvalidInputException if a part does not fit these networks or optimisers
     */
    public void restore(Checkpoint checkpoint) throws IOException {
        JsonObject state;
        try {
            state =
                    JsonParser.parseString(
                                    Files.readString(
                                            checkpoint.part(TRAINER_STATE), StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    "Checkpoint " + checkpoint.directory() + " has an unreadable " + TRAINER_STATE,
                    e);
        }
        loadOptimizer(generatorOptimizer, models.generator(), checkpoint, GENERATOR_OPTIMIZER);
        loadOptimizer(
                discriminatorOptimizer,
                models.discriminator(),
                checkpoint,
                DISCRIMINATOR_OPTIMIZER);
        step = state.get("step").getAsLong();
        realBatches = state.get("realBatches").getAsLong();
        noiseBatches = state.get("noiseBatches").getAsLong();
        try (NDManager scratch = manager.newSubManager()) {
            realData.skip(scratch, realBatches, batchSize);
        }
        noise.skip(noiseBatches, batchSize);
        // Checkpoints written before instance noise was counted hold no count.
        instanceNoiseRows =
                state.has("instanceNoiseRows") ? state.get("instanceNoiseRows").getAsLong() : 0;
        if (instanceNoiseSource != null) {
            instanceNoiseSource.skip(instanceNoiseRows, 1);
        }
        resetStats();
    }

    private static void loadOptimizer(
            StatefulOptimizer optimizer, Model model, Checkpoint checkpoint, String part)
            throws IOException {
        try (InputStream in = Files.newInputStream(checkpoint.part(part));
                DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            optimizer.loadState(model.getBlock(), data);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    "Cannot resume from " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Multiplies both optimisers' later learning rates by a factor.
     *
     * @param factor the factor, positive
     */
    public void scaleLearningRates(float factor) {
        generatorOptimizer.scaleLearningRate(factor);
        discriminatorOptimizer.scaleLearningRate(factor);
    }

    @Override
    public void close() {
        manager.close();
        generatorTrainer.close();
        discriminatorTrainer.close();
        generatorOptimizer.close();
        discriminatorOptimizer.close();
    }

    /** Builds a {@link GanTrainer}. */
    public static final class Builder {

        private GanModels models;
        private GanLoss loss;
        private StatefulOptimizer generatorOptimizer;
        private StatefulOptimizer discriminatorOptimizer;
        private RealDataSource realData;
        private NoiseSource noise;
        private int batchSize;
        private int discriminatorSteps = 1;
        private int logEvery = 100;
        private float weightClip;
        private float instanceNoise;
        private long instanceNoiseSeed;

        Builder() {}

        /**
         * Sets the models to train, with initialised (or loaded) parameters.
         *
         * @param models G and D
         * @return this builder
         */
        public Builder setModels(GanModels models) {
            this.models = models;
            return this;
        }

        /**
         * Sets the adversarial loss.
         *
         * @param loss the matched D and G objectives
         * @return this builder
         */
        public Builder setLoss(GanLoss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets the generator's optimiser.
         *
         * @param optimizer the optimiser
         * @return this builder
         */
        public Builder setGeneratorOptimizer(StatefulOptimizer optimizer) {
            this.generatorOptimizer = optimizer;
            return this;
        }

        /**
         * Sets the discriminator's optimiser.
         *
         * @param optimizer the optimiser
         * @return this builder
         */
        public Builder setDiscriminatorOptimizer(StatefulOptimizer optimizer) {
            this.discriminatorOptimizer = optimizer;
            return this;
        }

        /**
         * Sets the real data.
         *
         * @param realData the source of real minibatches
         * @return this builder
         */
        public Builder setRealData(RealDataSource realData) {
            this.realData = realData;
            return this;
        }

        /**
         * Sets the noise prior.
         *
         * @param noise the source of z
         * @return this builder
         */
        public Builder setNoise(NoiseSource noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the minibatch size m.
         *
         * @param batchSize m, positive
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets k, the discriminator updates per generator update. Default 1.
         *
         * @param discriminatorSteps k, positive
         * @return this builder
         */
        public Builder optDiscriminatorSteps(int discriminatorSteps) {
            this.discriminatorSteps = discriminatorSteps;
            return this;
        }

        /**
         * Sets how often, in steps, the averages are read back and passed to listeners. Default
         * 100.
         *
         * @param logEvery the interval, positive
         * @return this builder
         */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /**
         * Clips D's weights to [-c, c] after each of its updates. Default 0, no clipping.
         *
         * @param weightClip c, 0 for none
         * @return this builder
         */
        public Builder optWeightClip(float weightClip) {
            this.weightClip = weightClip;
            return this;
        }

        /**
         * Adds Gaussian noise of standard deviation sigma to every sample D sees in training.
         * Default 0, none.
         *
         * @param sigma the standard deviation, 0 for none
         * @param seed the seed of the noise stream
         * @return this builder
         */
        public Builder optInstanceNoise(float sigma, long seed) {
            this.instanceNoise = sigma;
            this.instanceNoiseSeed = seed;
            return this;
        }

        /**
         * Builds the trainer: two DJL trainers, one per network.
         *
         * @return the trainer
         * @throws IllegalArgumentException naming a missing or impossible setting
         */
        public GanTrainer build() {
            Objects.requireNonNull(models, "models must be set");
            Objects.requireNonNull(loss, "loss must be set");
            Objects.requireNonNull(generatorOptimizer, "generatorOptimizer must be set");
            Objects.requireNonNull(discriminatorOptimizer, "discriminatorOptimizer must be set");
            Objects.requireNonNull(realData, "realData must be set");
            Objects.requireNonNull(noise, "noise must be set");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            if (discriminatorSteps < 1) {
                throw new IllegalArgumentException(
                        "discriminatorSteps must be positive, got " + discriminatorSteps);
            }
            if (!(weightClip >= 0) || !(instanceNoise >= 0)) {
                throw new IllegalArgumentException(
                        "weightClip and instanceNoise must be >= 0, got " + weightClip + " and "
                                + instanceNoise);
            }
            if (logEvery < 1) {
                throw new IllegalArgumentException("logEvery must be positive, got " + logEvery);
            }
            return new GanTrainer(this);
        }
    }
}
