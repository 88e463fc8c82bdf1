package io.github.djlgan.djl.augment;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * ADA's heuristic (Karras et al. 2020, section 3) driven by a discriminator that is really
 * trained: a logistic regression on 1x8x8 images, updated by gradient descent on the engine, whose
 * real logits reach the controller after each update as the trainer passes them. The engine's p
 * is compared exactly with the same recurrence worked on the host in float32.
 */
public class AdaptiveProbabilityTest {

    private static final double TARGET = 0.6;
    private static final int INTERVAL = 4;
    private static final int BATCH = 4;
    private static final long RAMP = 1_000;
    private static final int PIXELS = 64;
    /** D updates of the tiny-set run: fewer than 1 / STEP intervals, so p is not clamped. */
    private static final int UPDATES = 200;
    /** The real minibatch of the large-set run: 256 images per interval, r_t's spread 1/16. */
    private static final int LARGE_BATCH = 64;
    /** One adjustment: (N x batch) / ramp images. */
    private static final float STEP = (float) ((double) INTERVAL * BATCH / RAMP);

    /**
     * Four images drawn from the fakes' own distribution and shown again and again: D can tell
     * them from fakes only by memorising them, does so within a few updates (every one called
     * real, r_t = 1), and ADA raises p by one step per interval from then on.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void probabilityRisesWhenTheDiscriminatorOverfitsATinySet(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                AdaptiveProbability ada =
                        new AdaptiveProbability(TARGET, INTERVAL, RAMP, manager)) {
            SplittableRandom random = new SplittableRandom(1);
            float[] tinySet = gaussian(random, BATCH * PIXELS, 0, 1);
            HostAda host = new HostAda();
            LinearDiscriminator discriminator = new LinearDiscriminator(manager, BATCH, 0.5f);
            int overfitAt = -1;
            for (int update = 0; update < UPDATES; update++) {
                float[] realLogits =
                        discriminator.update(manager, tinySet, gaussian(random, BATCH * PIXELS, 0,
                                1), ada, host);
                if (overfitAt < 0 && allPositive(realLogits)) {
                    overfitAt = update;
                }
            }
            assertTrue(overfitAt >= 0 && overfitAt < 100, "D overfits early: " + overfitAt);
            assertEquals((float) ada.value(), host.probability, 0f);
            // at least the intervals after it overfit each raised p by one step
            assertTrue(
                    ada.value() >= STEP * ((UPDATES - overfitAt) / INTERVAL - 1),
                    "p " + ada.value());
            assertTrue(ada.value() < 1, "not yet clamped: " + ada.value());
        }
    }

    /**
     * A large set: every real minibatch is new and drawn from the generator's own distribution,
     * so D stays at chance (r_t near 0, below the target) and p stays 0; from p = 0.5 it falls
     * back to 0 and is held there by the clamp.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void probabilityStaysAtZeroWhenTheDiscriminatorIsAtChance(String engine) {
        for (float start : new float[] {0f, 0.5f}) {
            try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                    AdaptiveProbability ada =
                            new AdaptiveProbability(TARGET, INTERVAL, RAMP, manager)) {
                HostAda host = new HostAda();
                if (start > 0) {
                    ada.resumeAt(Map.of(AdaptiveProbability.PROBABILITY_BITS,
                            (long) Float.floatToRawIntBits(start)));
                    host.probability = start;
                }
                SplittableRandom random = new SplittableRandom(2);
                LinearDiscriminator discriminator =
                        new LinearDiscriminator(manager, LARGE_BATCH, 0.1f);
                for (int update = 0; update < 200; update++) {
                    discriminator.update(manager, gaussian(random, LARGE_BATCH * PIXELS, 0, 1),
                            gaussian(random, LARGE_BATCH * PIXELS, 0, 1), ada, host);
                }
                assertTrue(host.maxRatio < TARGET, "D stayed below the target: " + host.maxRatio);
                assertEquals((float) ada.value(), 0f, 0f);
                assertEquals((float) ada.value(), host.probability, 0f);
            }
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void probabilityIsClampedAtOneAndGatesFollowIt(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                AdaptiveProbability ada = new AdaptiveProbability(TARGET, 1, 10, manager)) {
            float[] uniforms = {0f, 0.25f, 0.5f, 0.999f};
            assertEquals(ada.gates(manager, uniforms).toFloatArray(), new float[4], 0f);
            for (int i = 0; i < 5; i++) {
                ada.observeRealLogits(manager.create(new float[] {1, 2, 3, 0.5f, -1}));
            }
            // r_t = 3/5 = 0.6: sign(r_t - target) = 0, p does not move
            assertEquals(ada.value(), 0.0, 0.0);
            for (int i = 0; i < 3; i++) {
                ada.observeRealLogits(manager.create(new float[] {1, 2, 3, 4, 5}));
            }
            assertEquals(ada.value(), 1.0, 0.0, "0.5 per update, clamped");
            assertEquals(ada.gates(manager, uniforms).toFloatArray(), new float[] {1, 1, 1, 1});
            ada.observeRealLogits(manager.create(new float[] {-1, -2, 3, 4, 5}));
            assertEquals(ada.value(), 0.5, 0.0);
            assertEquals(ada.gates(manager, uniforms).toFloatArray(), new float[] {1, 1, 0, 0});
        }
    }

    /** Checkpointing mid-interval and resuming gives the p the uninterrupted run has. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void resumeMidIntervalIsExact(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                AdaptiveProbability straight =
                        new AdaptiveProbability(TARGET, INTERVAL, RAMP, manager);
                AdaptiveProbability resumed =
                        new AdaptiveProbability(TARGET, INTERVAL, RAMP, manager)) {
            SplittableRandom random = new SplittableRandom(3);
            float[][] logits = new float[40][];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = gaussian(random, BATCH, i < 20 ? 1.5 : -0.5, 1);
            }
            for (int i = 0; i < 14; i++) {
                straight.observeRealLogits(manager.create(logits[i]));
            }
            Map<String, Long> positions = straight.positions();
            assertEquals(positions.get(AdaptiveProbability.UPDATES), 14L);
            assertEquals(positions.get(AdaptiveProbability.INTERVAL_IMAGES), 2L * BATCH);
            resumed.resumeAt(positions);
            assertEquals(resumed.positions(), positions);
            for (int i = 14; i < logits.length; i++) {
                straight.observeRealLogits(manager.create(logits[i]));
                resumed.observeRealLogits(manager.create(logits[i]));
                assertEquals(resumed.value(), straight.value(), 0.0, "update " + i);
            }
            assertEquals(resumed.positions(), straight.positions());
        }
    }

    /** One in-place addition per update; adjustments replace p and leave nothing behind. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void leavesNoArraysBehind(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                AdaptiveProbability ada =
                        new AdaptiveProbability(TARGET, INTERVAL, RAMP, manager)) {
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 3 * INTERVAL; i++) {
                try (NDManager step = manager.newSubManager()) {
                    ada.observeRealLogits(step.create(new float[] {1, 2, -1, 3}));
                    ada.gates(step, new float[] {0.1f, 0.9f});
                }
            }
            ada.positions();
            assertEquals(manager.getManagedArrays().size(), before);
        }
    }

    @Test
    public void refusesSettingsOutOfRange() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            expectThrows(IllegalArgumentException.class,
                    () -> new AdaptiveProbability(1.0, INTERVAL, RAMP, manager));
            expectThrows(IllegalArgumentException.class,
                    () -> new AdaptiveProbability(TARGET, 0, RAMP, manager));
            expectThrows(IllegalArgumentException.class,
                    () -> new AdaptiveProbability(TARGET, INTERVAL, 0, manager));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The recurrence of the class's javadoc, in float32 on the host, from copies of logits. */
    private static final class HostAda {
        float probability;
        long signSum;
        long images;
        int updates;
        double maxRatio = -1;

        void observe(float[] logits) {
            for (float logit : logits) {
                signSum += (long) Math.signum(logit);
            }
            images += logits.length;
            if (++updates % INTERVAL == 0) {
                maxRatio = Math.max(maxRatio, (double) signSum / images);
                float direction = Math.signum(signSum - (float) (TARGET * images));
                float step = (float) ((double) images / RAMP);
                probability = Math.min(1f, Math.max(0f, direction * step + probability));
                signSum = 0;
                images = 0;
            }
        }
    }

    /**
     * D(x) = w . x + b, trained by gradient descent on the logistic loss softplus(-D(real)) +
     * softplus(D(fake)), its gradient written out: (sigmoid(D(real)) - 1) x_real + sigmoid(D(fake))
     * x_fake, averaged.
     */
    private static final class LinearDiscriminator {
        private final int batch;
        private final float rate;
        private final NDArray weights;
        private final NDArray bias;

        LinearDiscriminator(NDManager manager, int batch, float rate) {
            this.batch = batch;
            this.rate = rate;
            weights = manager.zeros(new Shape(PIXELS, 1));
            bias = manager.zeros(new Shape(1));
        }

        float[] update(
                NDManager manager, float[] real, float[] fake, AdaptiveProbability ada,
                HostAda host) {
            try (NDManager step = manager.newSubManager()) {
                NDArray realX = step.create(real, new Shape(batch, PIXELS));
                NDArray fakeX = step.create(fake, new Shape(batch, PIXELS));
                NDArray realLogits = realX.matMul(weights).add(bias);
                NDArray fakeLogits = fakeX.matMul(weights).add(bias);
                NDArray realPull = Activation.sigmoid(realLogits).sub(1f);
                NDArray fakePull = Activation.sigmoid(fakeLogits);
                NDArray gradW =
                        realX.transpose().matMul(realPull).add(fakeX.transpose().matMul(fakePull))
                                .div(batch);
                NDArray gradB = realPull.sum().add(fakePull.sum()).div(batch);
                weights.subi(gradW.mul(rate));
                bias.subi(gradB.mul(rate));
                ada.observeRealLogits(realLogits);
                float[] hostLogits = realLogits.toFloatArray();
                host.observe(hostLogits);
                return hostLogits;
            }
        }
    }

    private static boolean allPositive(float[] values) {
        for (float value : values) {
            if (!(value > 0)) {
                return false;
            }
        }
        return true;
    }

    private static float[] gaussian(SplittableRandom random, int size, double mean, double std) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (mean + std * random.nextGaussian());
        }
        return values;
    }
}
