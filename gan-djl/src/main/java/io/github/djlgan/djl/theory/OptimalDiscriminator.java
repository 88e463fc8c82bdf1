package io.github.djlgan.djl.theory;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import io.github.djlgan.api.config.LearningRateSchedule;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.data.GaussianMixture;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.loss.GanLoss;
import io.github.djlgan.djl.train.Optimizers;

import java.util.SplittableRandom;

/**
 * Proposition 1 of the paper, computed: for a fixed generator the discriminator that maximises
 * V(G, D) is
 *
 * <pre>
 *   D*(x) = p_data(x) / (p_data(x) + p_g(x)).
 * </pre>
 *
 * <p>D is the project's MLP on standardised input (see {@link ScaledNetworks}). The generator is
 * held fixed as {@code G(z) = mu_g + sigma_g z} with z ~ N(0, 1), so that p_g
 * is the Gaussian N(mu_g, sigma_g^2) in closed form. A discriminator MLP is trained on fresh
 * minibatches of both (D's half of Algorithm 1, with G never updated) and then compared with D* on
 * an evenly spaced grid over the support, taken as the interval that holds 99% of the mass of the
 * mixture (p_data + p_g)/2, {@value #TAIL_MASS} left out in each tail. Beyond it minibatches hold
 * too few samples to pin D down, and the proposition concerns the support only.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Proposition 1</a>
 */
public final class OptimalDiscriminator {

    /** The support leaves out this much of the mixture's mass in each tail. */
    public static final double TAIL_MASS = 0.005;

    private OptimalDiscriminator() {}

    /**
     * How the check is run.
     *
     * @param data p_data
     * @param generator p_g, a one-mode mixture that the fixed generator samples exactly
     * @param steps discriminator updates
     * @param batchSize real and generated samples per update
     * @param hiddenWidth units of D's two hidden layers
     * @param learningRate Adam's rate, decayed linearly to 0
     * @param gridPoints points of the comparison grid
     * @param seed the seed of parameters and samples
     */
    public record Settings(
            GaussianMixture data,
            GaussianMixture generator,
            int steps,
            int batchSize,
            int hiddenWidth,
            double learningRate,
            int gridPoints,
            long seed) {

        /** Checks the values. */
        public Settings {
            if (data.dimension() != 1 || generator.dimension() != 1) {
                throw new IllegalArgumentException("the check is one-dimensional");
            }
            if (steps < 1 || batchSize < 1 || hiddenWidth < 1 || gridPoints < 2
                    || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "steps, batchSize, hiddenWidth, learningRate must be positive and"
                                + " gridPoints at least 2");
            }
        }
    }

    /**
     * The trained D beside D*.
     *
     * @param grid the points compared
     * @param discriminator D(x) at the points
     * @param optimal D*(x) at the points
     * @param maxAbsDifference max |D - D*| over the grid
     * @param meanAbsDifference mean |D - D*| over the grid
     */
    public record Result(
            double[] grid,
            double[] discriminator,
            double[] optimal,
            double maxAbsDifference,
            double meanAbsDifference) {}

    /**
     * Trains D against the fixed G and compares it with D*.
     *
     * @param engineName the engine
     * @param device the device, as {@link Engines#device} reads it
     * @param settings the settings
     * @return the comparison
     */
    public static Result check(String engineName, String device, Settings settings) {
        Engine engine = Engines.load(engineName);
        Device target = Engines.device(engine, device);
        engine.setRandomSeed(RunSeeds.derive(settings.seed()).engine());
        SplittableRandom random = new SplittableRandom(settings.seed());
        GanLoss loss = GanLoss.of(LossKind.NON_SATURATING);
        OptimizerConfig adam =
                new OptimizerConfig(
                        io.github.djlgan.api.config.OptimizerKind.ADAM,
                        settings.learningRate(), 0.5, 0.999, 1e-8, 0.5,
                        LearningRateSchedule.LINEAR);
        double[] grid = supportGrid(settings);
        try (Model model = Model.newInstance("discriminator", target, engine.getEngineName())) {
            model.setBlock(
                    ScaledNetworks.discriminator(
                            (grid[0] + grid[grid.length - 1]) / 2,
                            (grid[grid.length - 1] - grid[0]) / 4,
                            settings.hiddenWidth()));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                            .optOptimizer(Optimizers.of(adam, settings.steps()))
                            .optDevices(new Device[] {target});
            try (Trainer trainer = model.newTrainer(config)) {
                Shape batch = new Shape(settings.batchSize(), 1);
                trainer.initialize(batch);
                for (int step = 0; step < settings.steps(); step++) {
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        NDArray real =
                                scope.create(settings.data().sample(random, settings.batchSize()),
                                        batch);
                        NDArray fake =
                                scope.create(
                                        settings.generator().sample(random, settings.batchSize()),
                                        batch);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray realLogits = trainer.forward(new NDList(real)).singletonOrThrow();
                            NDArray fakeLogits = trainer.forward(new NDList(fake)).singletonOrThrow();
                            collector.backward(loss.discriminatorLoss(realLogits, fakeLogits));
                        }
                        trainer.step();
                    }
                }
            }
            double[] discriminator = evaluate(model, grid);
            double[] optimal = new double[grid.length];
            double max = 0;
            double sum = 0;
            for (int i = 0; i < grid.length; i++) {
                double pData = settings.data().density(grid[i]);
                double pG = settings.generator().density(grid[i]);
                optimal[i] = pData / (pData + pG);
                double difference = Math.abs(discriminator[i] - optimal[i]);
                max = Math.max(max, difference);
                sum += difference;
            }
            return new Result(grid, discriminator, optimal, max, sum / grid.length);
        }
    }

    /**
     * The evenly spaced grid over the support: the interval holding the central {@code 1 - 2 *}
     * {@value #TAIL_MASS} of the mixture's mass, found from its distribution function on a fine
     * grid.
     */
    static double[] supportGrid(Settings settings) {
        GaussianMixture data = settings.data();
        GaussianMixture generator = settings.generator();
        double low = Math.min(data.means()[0][0] - 8 * data.std(),
                generator.means()[0][0] - 8 * generator.std());
        double high = Math.max(data.means()[0][0] + 8 * data.std(),
                generator.means()[0][0] + 8 * generator.std());
        int fine = 20001;
        double step = (high - low) / (fine - 1);
        double[] cumulative = new double[fine];
        for (int i = 1; i < fine; i++) {
            double x = low + step * (i - 0.5);
            cumulative[i] = cumulative[i - 1]
                    + (data.density(x) + generator.density(x)) / 2 * step;
        }
        double total = cumulative[fine - 1];
        int first = 0;
        while (cumulative[first] < TAIL_MASS * total) {
            first++;
        }
        int last = fine - 1;
        while (cumulative[last] > (1 - TAIL_MASS) * total) {
            last--;
        }
        double from = low + step * first;
        double to = low + step * last;
        double[] grid = new double[settings.gridPoints()];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = from + (to - from) * i / (grid.length - 1);
        }
        return grid;
    }

    private static double[] evaluate(Model model, double[] grid) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            float[] points = new float[grid.length];
            for (int i = 0; i < grid.length; i++) {
                points[i] = (float) grid[i];
            }
            NDArray input = scope.create(points, new Shape(grid.length, 1));
            NDArray logits =
                    model.getBlock()
                            .forward(new ParameterStore(scope, false), new NDList(input), false)
                            .singletonOrThrow();
            float[] probabilities = Activation.sigmoid(logits).toFloatArray();
            double[] out = new double[probabilities.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = probabilities[i];
            }
            return out;
        }
    }
}
