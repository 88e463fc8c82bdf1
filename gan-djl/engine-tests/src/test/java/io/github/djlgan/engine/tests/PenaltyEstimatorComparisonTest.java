package io.github.djlgan.engine.tests;

import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.config.PenaltyConfig;
import io.github.djlgan.api.config.PenaltyEstimator;
import io.github.djlgan.api.config.PenaltyKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The finite-difference estimate of R1 against the exact penalty on PyTorch, at a fixed seed and a
 * fixed ring8 minibatch of 256: averaged over {@value #DRAWS} D updates, each drawing its own
 * directions, its value and its gradient with respect to D's parameters are compared with the exact
 * ones, with standard errors computed from the variance measured across the draws ({@code sd /
 * sqrt(K)} for the value, {@code sqrt(trace Cov / K)} for a gradient block). The numbers are
 * printed for docs/training.md.
 *
 * <p>For a smooth D (tanh) the value and every gradient block agree within 4 standard errors. For
 * the default ring8 D (LeakyReLU MLP, width 128, packed by 2) the value and the output layer's
 * gradient agree within 4 standard errors, but the hidden layers' gradients do not: where a kink
 * lies between {@code x - h v} and {@code x + h v}, the difference, of order 1, is divided by h in
 * the parameter gradient, on a share of order h of the (sample, unit) pairs, so the expected
 * gradient carries a term that does not shrink with h (the motion of the kinks with the
 * parameters, which double backpropagation ignores: it gives hidden biases exactly 0).
 */
public class PenaltyEstimatorComparisonTest {

    private static final int DRAWS = 400;

    /** One penalty evaluation: the unweighted value and D's parameter gradient, flattened. */
    private record Evaluation(double value, double[] gradient) {}

    /** A gradient block (one parameter): exact norm, norm of (mean - exact), standard error. */
    private record Block(String name, double exact, double bias, double error) {}

    /** The value's exact, mean and standard error, and the gradient by block. */
    private record Comparison(
            double exact, double mean, double error, double sd, List<Block> blocks) {

        Block total() {
            double exact = 0;
            double bias = 0;
            double error = 0;
            for (Block block : blocks) {
                exact += block.exact() * block.exact();
                bias += block.bias() * block.bias();
                error += block.error() * block.error();
            }
            return new Block("all", Math.sqrt(exact), Math.sqrt(bias), Math.sqrt(error));
        }

        void print(String what) {
            Block total = total();
            System.out.printf(
                    "%s, %d draws: value exact %.6f, relative bias %+.4f +- %.4f (1 SE),"
                            + " relative sd per draw %.4f; gradient relative ||bias|| %.4f,"
                            + " relative SE %.4f%n",
                    what, DRAWS, exact, (mean - exact) / exact, error / exact, sd / exact,
                    total.bias() / total.exact(), total.error() / total.exact());
            for (Block block : blocks) {
                System.out.printf("  %s: ||exact|| %.5f, ||bias|| %.5f, SE %.5f%n",
                        block.name(), block.exact(), block.bias(), block.error());
            }
        }
    }

    private static TrainingConfig ring() {
        return TrainingConfig.builder().optRuntime(b -> b.optEngine("PyTorch")).optSeed(6).build();
    }

    @Test
    public void smoothDiscriminatorMatchesTheExactPenaltyWithinItsNoise() throws Exception {
        Engine.getEngine("PyTorch").setRandomSeed(6);
        try (GanModels models =
                GanModels.create(
                        "PyTorch",
                        Device.cpu(),
                        MlpNetworks.perceptron(new int[] {16}, Activation::reluBlock, 2),
                        MlpNetworks.perceptron(new int[] {128, 128}, Activation::tanhBlock, 1),
                        new Shape(8),
                        new Shape(2))) {
            Comparison comparison = compare(ring(), models);
            comparison.print("R1 finite difference vs exact, tanh D");
            assertTrue(Math.abs(comparison.mean() - comparison.exact()) <= 4 * comparison.error());
            for (Block block : comparison.blocks()) {
                assertTrue(block.bias() <= 4 * block.error() + 1e-6, block.toString());
            }
        }
    }

    @Test
    public void ringDiscriminatorValueMatchesAndItsHiddenGradientsCarryTheKinks()
            throws Exception {
        TrainingConfig config = ring();
        Engine.getEngine("PyTorch").setRandomSeed(6);
        try (GanModels models = GanSetup.models(config, Device.cpu())) {
            Comparison comparison = compare(config, models);
            comparison.print("R1 finite difference vs exact, ring8 D (LeakyReLU, pack 2)");
            assertTrue(Math.abs(comparison.mean() - comparison.exact()) <= 4 * comparison.error());
            List<Block> blocks = comparison.blocks();
            Block output = blocks.get(blocks.size() - 2);
            assertTrue(output.bias() <= 4 * output.error(), output.toString());
            Block hiddenBias = blocks.get(1);
            assertTrue(hiddenBias.exact() == 0 && hiddenBias.bias() > 4 * hiddenBias.error(),
                    hiddenBias.toString());
        }
    }

    private static Comparison compare(TrainingConfig config, GanModels models) {
        PenaltyConfig exact = PenaltyConfig.builder().setKind(PenaltyKind.R1).optWeight(1).build();
        PenaltyConfig estimated =
                exact.toBuilder().optEstimator(PenaltyEstimator.FINITE_DIFFERENCE).build();
        int batch = config.data().batchSize();
        try (NDManager data = models.discriminator().getNDManager().newSubManager()) {
            NDList real = GanSetup.realData(config, models, null).next(data, batch);
            List<Parameter> weights =
                    models.discriminator().getBlock().getParameters().values().stream()
                            .filter(Parameter::requiresGradient)
                            .toList();
            Evaluation reference;
            try (GradientPenalty penalty = GradientPenalties.create(exact, models, batch, 4)) {
                reference = evaluate(penalty, models, real, weights);
            }
            int size = reference.gradient().length;
            double valueSum = 0;
            double valueSquares = 0;
            double[] gradientSum = new double[size];
            double[] gradientSquares = new double[size];
            try (GradientPenalty penalty =
                    GradientPenalties.create(estimated, models, batch, 4)) {
                for (int draw = 0; draw < DRAWS; draw++) {
                    Evaluation estimate = evaluate(penalty, models, real, weights);
                    valueSum += estimate.value();
                    valueSquares += estimate.value() * estimate.value();
                    for (int i = 0; i < size; i++) {
                        double entry = estimate.gradient()[i];
                        gradientSum[i] += entry;
                        gradientSquares[i] += entry * entry;
                    }
                }
            }
            List<Block> blocks = new ArrayList<>();
            int offset = 0;
            for (Parameter weight : weights) {
                int end = offset + Math.toIntExact(weight.getArray().size());
                double exactSquares = 0;
                double biasSquares = 0;
                double variance = 0;
                for (int i = offset; i < end; i++) {
                    double mean = gradientSum[i] / DRAWS;
                    exactSquares += Math.pow(reference.gradient()[i], 2);
                    biasSquares += Math.pow(mean - reference.gradient()[i], 2);
                    variance += Math.max(0, gradientSquares[i] / DRAWS - mean * mean);
                }
                blocks.add(new Block(weight.getName() + "[" + blocks.size() + "]",
                        Math.sqrt(exactSquares), Math.sqrt(biasSquares),
                        Math.sqrt(variance / DRAWS)));
                offset = end;
            }
            double mean = valueSum / DRAWS;
            double sd = Math.sqrt(Math.max(0, valueSquares / DRAWS - mean * mean));
            return new Comparison(reference.value(), mean, sd / Math.sqrt(DRAWS), sd, blocks);
        }
    }

    /** One D update's penalty on the fixed minibatch, its gradient read back and then cleared. */
    private static Evaluation evaluate(
            GradientPenalty penalty, GanModels models, NDList real, List<Parameter> weights) {
        try (NDManager step = models.discriminator().getNDManager().newSubManager()) {
            Function<NDList, NDArray> d =
                    input ->
                            models.discriminator()
                                    .getBlock()
                                    .forward(
                                            new ParameterStore(step, false),
                                            input,
                                            true)
                                    .singletonOrThrow();
            double value;
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDArray logits = d.apply(real);
                NDArray term = penalty.penalty(d, real, real, logits, logits);
                collector.backward(term);
                value = term.getFloat();
            }
            int size = 0;
            for (Parameter weight : weights) {
                size += Math.toIntExact(weight.getArray().size());
            }
            double[] gradient = new double[size];
            int offset = 0;
            for (Parameter weight : weights) {
                NDArray own = weight.getArray().getGradient();
                own.tempAttach(step);
                for (float entry : own.toFloatArray()) {
                    gradient[offset++] = entry;
                }
                own.muli(0f);
            }
            return new Evaluation(value, gradient);
        }
    }
}
