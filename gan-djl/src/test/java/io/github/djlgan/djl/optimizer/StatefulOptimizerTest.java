package io.github.djlgan.djl.optimizer;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

public class StatefulOptimizerTest {

    private static final int STEPS = 5;
    private static final int SIZE = 12;

    /** Fixed gradients, the same for every optimiser and engine. */
    private static float[][] gradients() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] gradients = new float[STEPS][SIZE];
        for (float[] step : gradients) {
            for (int i = 0; i < SIZE; i++) {
                step[i] = (float) random.nextGaussian();
            }
        }
        return gradients;
    }

    private static float[] initial() {
        float[] weights = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            weights[i] = (i - SIZE / 2f) / SIZE;
        }
        return weights;
    }

    /** Runs STEPS updates of one optimiser on a vector and returns the weights after each. */
    private static float[][] run(String engine, Optimizer optimizer) {
        float[][] gradients = gradients();
        float[][] after = new float[STEPS][];
        try (NDManager manager = NDManager.newBaseManager(engine)) {
            NDArray weight = manager.create(initial());
            for (int t = 0; t < STEPS; t++) {
                // A fresh gradient array every step: RMSProp clears the one it is given.
                optimizer.update("w", weight, manager.create(gradients[t]));
                after[t] = weight.toFloatArray();
            }
        }
        if (optimizer instanceof StatefulOptimizer stateful) {
            stateful.close();
        }
        return after;
    }

    /** The formulas in the javadoc, in doubles on the host. */
    private static float[][] reference(String kind) {
        float[][] gradients = gradients();
        double[] w = new double[SIZE];
        double[] first = new double[SIZE];
        double[] second = new double[SIZE];
        float[] start = initial();
        for (int i = 0; i < SIZE; i++) {
            w[i] = start[i];
        }
        float[][] after = new float[STEPS][SIZE];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < SIZE; i++) {
                double g = gradients[t - 1][i];
                switch (kind) {
                    case "adam" -> {
                        first[i] = 0.5 * first[i] + 0.5 * g;
                        second[i] = 0.999 * second[i] + 0.001 * g * g;
                        double rate = 0.01 * Math.sqrt(1 - Math.pow(0.999, t))
                                / (1 - Math.pow(0.5, t));
                        w[i] -= rate * first[i] / (Math.sqrt(second[i]) + 1e-8);
                    }
                    case "sgd" -> {
                        first[i] = 0.9 * first[i] + 0.01 * g;
                        w[i] -= first[i];
                    }
                    case "rmsprop" -> {
                        second[i] = 0.9 * second[i] + 0.1 * g * g;
                        w[i] -= 0.01 * g / Math.sqrt(second[i] + 1e-8);
                    }
                    default -> throw new IllegalArgumentException(kind);
                }
                after[t - 1][i] = (float) w[i];
            }
        }
        return after;
    }

    private static StatefulOptimizer ours(String kind) {
        Tracker rate = Tracker.fixed(0.01f);
        return switch (kind) {
            case "adam" ->
                    AdamOptimizer.builder()
                            .setLearningRateTracker(rate)
                            .optBeta1(0.5f)
                            .optBeta2(0.999f)
                            .optEpsilon(1e-8f)
                            .build();
            case "sgd" -> SgdOptimizer.builder().setLearningRateTracker(rate).optMomentum(0.9f)
                    .build();
            case "rmsprop" ->
                    RmsPropOptimizer.builder().setLearningRateTracker(rate).optRho(0.9f)
                            .optEpsilon(1e-8f).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Optimizer djls(String kind) {
        Tracker rate = Tracker.fixed(0.01f);
        return switch (kind) {
            case "adam" ->
                    Optimizer.adam().optLearningRateTracker(rate).optBeta1(0.5f).optBeta2(0.999f)
                            .optEpsilon(1e-8f).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(0.9f).build();
            case "rmsprop" ->
                    Optimizer.rmsprop().optLearningRateTracker(rate).optRho(0.9f)
                            .optEpsilon(1e-8f).optCentered(false).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void assertClose(float[][] actual, float[][] expected, String what) {
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < SIZE; i++) {
                // float32 arithmetic on weights of order 0.5 over 5 steps: a few ulps of 6e-8.
                assertEquals(actual[t][i], expected[t][i], 2e-6, what + " step " + (t + 1));
            }
        }
    }

    /**
     * Each optimiser follows its documented formula, and where DJL's own optimiser runs on the
     * engine (all but RMSProp on PyTorch, which DJL does not implement) it gives the same weights.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void updatesMatchTheFormulasAndDjl(String engine) {
        for (String kind : List.of("adam", "sgd", "rmsprop")) {
            float[][] ours = run(engine, ours(kind));
            assertClose(ours, reference(kind), kind + " on " + engine + " against the formula");
            if (!(kind.equals("rmsprop") && engine.equals("PyTorch"))) {
                assertClose(ours, run(engine, djls(kind)), kind + " on " + engine + " against DJL");
            }
        }
    }

    /**
     * State saved after three updates on one engine and loaded on the other makes the next two
     * updates what they would have been without the interruption.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void savedStateContinuesOnTheOtherEngine(String engine) throws IOException {
        String other = engine.equals("PyTorch") ? "MXNet" : "PyTorch";
        for (String kind : List.of("adam", "sgd", "rmsprop")) {
            float[][] straight = trainLinear(engine, engine, kind, STEPS);
            float[][] resumed = trainLinear(engine, other, kind, 3);
            for (int p = 0; p < straight.length; p++) {
                for (int i = 0; i < straight[p].length; i++) {
                    assertEquals(resumed[p][i], straight[p][i], 1e-6, kind + " parameter " + p);
                }
            }
        }
    }

    /**
     * Trains a small linear block on fixed gradients: updates before the switch on one engine,
     * then saves parameters and optimiser state, loads them on the second engine and finishes.
     */
    private static float[][] trainLinear(String first, String second, String kind, int switchAt)
            throws IOException {
        byte[] parameters;
        byte[] state;
        try (NDManager manager = NDManager.newBaseManager(first)) {
            Block block = linear(manager);
            StatefulOptimizer optimizer = ours(kind);
            update(block, optimizer, manager, 0, switchAt);
            parameters = save(block::saveParameters);
            state = save(out -> optimizer.saveState(block, out));
            optimizer.close();
        }
        try (NDManager manager = NDManager.newBaseManager(second)) {
            Block block = linear(manager);
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            StatefulOptimizer optimizer = ours(kind);
            optimizer.loadState(block, new ByteArrayInputStream(state), state.length);
            assertEquals(optimizer.updates(), switchAt);
            update(block, optimizer, manager, switchAt, STEPS);
            float[][] values =
                    block.getParameters().values().stream()
                            .map(p -> p.getArray().toFloatArray())
                            .toArray(float[][]::new);
            optimizer.close();
            return values;
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
    }

    private static Block linear(NDManager manager) {
        Block block = Linear.builder().setUnits(3).build();
        block.setInitializer(
                (m, shape, type) -> m.arange((int) shape.size()).toType(type, false)
                        .div(10f).reshape(shape),
                Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return block;
    }

    private static void update(
            Block block, StatefulOptimizer optimizer, NDManager manager, int from, int to) {
        float[][] gradients = gradients();
        for (int t = from; t < to; t++) {
            int offset = 0;
            for (Parameter parameter : block.getParameters().values()) {
                NDArray weight = parameter.getArray();
                float[] grad = new float[(int) weight.size()];
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = gradients[t][(offset + i) % SIZE];
                }
                offset += grad.length;
                optimizer.update(
                        parameter.getId(), weight, manager.create(grad, weight.getShape()));
            }
        }
    }

    private interface Saver {
        void save(DataOutputStream out) throws IOException;
    }

    private static byte[] save(Saver saver) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            saver.save(out);
        }
        return bytes.toByteArray();
    }

    /** State of another optimiser kind is refused with a message. */
    /**
     * With a momentum that follows a tracker (the paper's ramp, here 0.5 to 0.7 over 3 updates),
     * update t uses the tracker's value at t - 1: u = m(t-1) u + lr g, w = w - u.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void sgdFollowsItsMomentumRamp(String engine) {
        float[] ramp = {0.5f, 0.5f + 0.2f / 3, 0.5f + 0.4f / 3, 0.7f, 0.7f};
        SgdOptimizer optimizer =
                SgdOptimizer.builder()
                        .setLearningRateTracker(Tracker.fixed(0.01f))
                        .optMomentumTracker(t -> ramp[Math.min(t, ramp.length - 1)])
                        .build();
        float[][] ours = run(engine, optimizer);
        float[][] gradients = gradients();
        double[] w = new double[SIZE];
        double[] u = new double[SIZE];
        float[] start = initial();
        for (int i = 0; i < SIZE; i++) {
            w[i] = start[i];
        }
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < SIZE; i++) {
                u[i] = ramp[t] * u[i] + 0.01 * gradients[t][i];
                w[i] -= u[i];
                assertEquals(ours[t][i], (float) w[i], 2e-6, "step " + (t + 1));
            }
        }
    }

    /**
     * A saved state verifies without loading; one cut by a byte is refused whole, and the
     * optimiser keeps the state it had, byte for byte.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aRefusedStateLeavesTheStateAsItWas(String engine) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(engine)) {
            Block block = linear(manager);
            StatefulOptimizer adam = ours("adam");
            update(block, adam, manager, 0, 2);
            byte[] state = save(out -> adam.saveState(block, out));
            adam.verifyState(block, new ByteArrayInputStream(state), state.length);
            byte[] cut = Arrays.copyOf(state, state.length - 1);
            InvalidInputException refused =
                    expectThrows(
                            InvalidInputException.class,
                            () -> adam.loadState(block, new ByteArrayInputStream(cut), cut.length));
            assertTrue(
                    refused.getMessage().startsWith("the optimizer state is truncated: the"
                            + " variance array of 'bias' takes "),
                    refused.getMessage());
            assertEquals(save(out -> adam.saveState(block, out)), state);
            adam.close();
        }
    }

    @Test
    public void stateOfAnotherKindIsRefused() throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = linear(manager);
            StatefulOptimizer adam = ours("adam");
            update(block, adam, manager, 0, 1);
            byte[] state = save(out -> adam.saveState(block, out));
            Supplier<StatefulOptimizer> sgd = () -> ours("sgd");
            InvalidInputException error =
                    org.testng.Assert.expectThrows(
                            InvalidInputException.class,
                            () ->
                                    sgd.get()
                                            .loadState(
                                                    block,
                                                    new ByteArrayInputStream(state),
                                                    state.length));
            assertEquals(error.getMessage(), "the optimizer state is adam's, not sgd's");
            adam.close();
        }
        assertThrows(IllegalArgumentException.class, () -> ours("adam").scaleLearningRate(0f));
    }
}
