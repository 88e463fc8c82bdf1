package io.github.djlgan.djl.train;

import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.optimizer.StatefulOptimizer;
import io.github.djlgan.djl.stabilizer.DiscriminatorConstraint;
import io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform;
import io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link GanTrainer}: its models, loss, optimisers, data and noise (set), k and the log
 * interval (opt), and the stabilisers it is composed from (add), following DJL's set/opt/add
 * rule.
 */
public final class GanTrainerBuilder {

    GanModels models;
    GanLoss loss;
    StatefulOptimizer generatorOptimizer;
    StatefulOptimizer discriminatorOptimizer;
    RealDataSource realData;
    NoiseSource noise;
    int batchSize;
    int discriminatorSteps = 1;
    int logEvery = 100;
    final List<DiscriminatorInputTransform> inputTransforms = new ArrayList<>();
    final List<DiscriminatorRegularizer> regularizers = new ArrayList<>();
    final List<DiscriminatorConstraint> constraints = new ArrayList<>();

    GanTrainerBuilder() {}

    /**
     * Sets the models to train, with initialised (or loaded) parameters.
     *
     * @param models G and D
     * @return this builder
     */
    public GanTrainerBuilder setModels(GanModels models) {
        this.models = models;
        return this;
    }

    /**
     * Sets the adversarial loss.
     *
     * @param loss the matched D and G objectives
     * @return this builder
     */
    public GanTrainerBuilder setLoss(GanLoss loss) {
        this.loss = loss;
        return this;
    }

    /**
     * Sets the generator's optimiser.
     *
     * @param optimizer the optimiser
     * @return this builder
     */
    public GanTrainerBuilder setGeneratorOptimizer(StatefulOptimizer optimizer) {
        this.generatorOptimizer = optimizer;
        return this;
    }

    /**
     * Sets the discriminator's optimiser.
     *
     * @param optimizer the optimiser
     * @return this builder
     */
    public GanTrainerBuilder setDiscriminatorOptimizer(StatefulOptimizer optimizer) {
        this.discriminatorOptimizer = optimizer;
        return this;
    }

    /**
     * Sets the real data.
     *
     * @param realData the source of real minibatches
     * @return this builder
     */
    public GanTrainerBuilder setRealData(RealDataSource realData) {
        this.realData = realData;
        return this;
    }

    /**
     * Sets the noise prior.
     *
     * @param noise the source of z
     * @return this builder
     */
    public GanTrainerBuilder setNoise(NoiseSource noise) {
        this.noise = noise;
        return this;
    }

    /**
     * Sets the minibatch size m.
     *
     * @param batchSize m, positive
     * @return this builder
     */
    public GanTrainerBuilder setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets k, the discriminator updates per generator update. Default 1.
     *
     * @param discriminatorSteps k, positive
     * @return this builder
     */
    public GanTrainerBuilder optDiscriminatorSteps(int discriminatorSteps) {
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
    public GanTrainerBuilder optLogEvery(int logEvery) {
        this.logEvery = logEvery;
        return this;
    }

    /**
     * Adds a transformation of every sample D sees in training (instance noise, differentiable
     * augmentation), applied after those added before. The trainer closes it.
     *
     * @param transform the transformation
     * @return this builder
     */
    public GanTrainerBuilder addInputTransform(DiscriminatorInputTransform transform) {
        inputTransforms.add(Objects.requireNonNull(transform, "transform"));
        return this;
    }

    /**
     * Adds a term to D's loss (a gradient penalty). The trainer closes it.
     *
     * @param regularizer the term
     * @return this builder
     */
    public GanTrainerBuilder addRegularizer(DiscriminatorRegularizer regularizer) {
        regularizers.add(Objects.requireNonNull(regularizer, "regularizer"));
        return this;
    }

    /**
     * Adds a constraint enforced on D's weights after each of its updates (weight clipping),
     * after those added before. The trainer closes it.
     *
     * @param constraint the constraint
     * @return this builder
     */
    public GanTrainerBuilder addConstraint(DiscriminatorConstraint constraint) {
        constraints.add(Objects.requireNonNull(constraint, "constraint"));
        return this;
    }

    /**
     * Builds the trainer.
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
        if (logEvery < 1) {
            throw new IllegalArgumentException("logEvery must be positive, got " + logEvery);
        }
        return new GanTrainer(this);
    }
}
