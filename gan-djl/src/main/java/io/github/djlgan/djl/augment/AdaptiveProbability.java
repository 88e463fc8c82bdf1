package io.github.djlgan.djl.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ADA's adaptive augmentation probability (Karras et al. 2020, section 3): p starts at 0; every
 * N discriminator updates,
 *
 * <pre>
 *   r_t = E[sign(D(x_real))]   over the real minibatches of those N updates
 *   p  <- clamp(p + sign(r_t - target) * n / rampImages, 0, 1)
 * </pre>
 *
 * where n is the number of real images in those updates (N x batch) and r_t is computed on D's
 * logits as D judged the (augmented) real images. n counts D's real logits: with PacGAN, whose D
 * gives one logit per pack of images, p moves pack times more slowly per image. The paper's values are N = 4, rampImages =
 * 500,000 and target = 0.6: a D that calls every real image real (r_t = 1, overfitting) raises p,
 * a D at chance (r_t near 0) lowers it back to 0.
 *
 * <p>Everything lives on the engine, in float32: the sum of the signs (an integer, exact below
 * 2^24 images per interval) grows by one in-place addition per D update, and p is adjusted on the
 * engine, so training never waits for the engine on p's account. The gates compare the host's
 * uniform numbers with p on the engine. p is read back only by {@link #value()} (the metrics
 * column, at a log interval) and {@link #positions()} (a checkpoint).
 *
 * <p>Checkpointed counters: {@value #UPDATES} (D updates seen), {@value #INTERVAL_IMAGES} and
 * {@value #SIGN_SUM} (the interval in progress), and {@value #PROBABILITY_BITS}, p's float32 bits
 * ({@link Float#floatToRawIntBits}), so a resumed run continues with exactly the same p.
 *
 * @see <a href="https://arxiv.org/abs/2006.06676">Karras et al. 2020, Training Generative
 *     Adversarial Networks with Limited Data, section 3</a>
 */
public final class AdaptiveProbability implements AugmentProbability {

    /** The counter of D updates seen, as checkpoints name it. */
    public static final String UPDATES = "adaUpdates";

    /** The counter of real images seen in the interval in progress. */
    public static final String INTERVAL_IMAGES = "adaIntervalImages";

    /** The sum of sign(D(x_real)) in the interval in progress, an integer. */
    public static final String SIGN_SUM = "adaSignSum";

    /** p's float32 bits. */
    public static final String PROBABILITY_BITS = "adaProbabilityBits";

    private final double target;
    private final int interval;
    private final long rampImages;
    private final NDManager manager;
    private NDArray probability;
    private NDArray signSum;
    private long updates;
    private long intervalImages;

    /**
     * Creates the controller with p = 0.
     *
     * @param target the target for r_t, in (0, 1)
     * @param interval N, how many D updates between adjustments, at least 1
     * @param rampImages how many real images p needs to rise from 0 to 1, at least 1
     * @param parent a manager on D's device; p and the running sum live in a sub-manager of it,
     *     closed by {@link #close}
     * @throws IllegalArgumentException if a value is out of its range
     */
    public AdaptiveProbability(double target, int interval, long rampImages, NDManager parent) {
        if (!(target > 0 && target < 1) || interval < 1 || rampImages < 1) {
            throw new IllegalArgumentException(
                    "need target in (0, 1), interval >= 1, rampImages >= 1; got "
                            + target + ", " + interval + ", " + rampImages);
        }
        this.target = target;
        this.interval = interval;
        this.rampImages = rampImages;
        this.manager = parent.newSubManager();
        this.manager.setName("adaptiveAugmentProbability");
        set(0f, 0f);
    }

    @Override
    public NDArray gates(NDManager stepManager, float[] uniforms) {
        return stepManager.create(uniforms).lt(probability).toType(DataType.FLOAT32, false);
    }

    @Override
    public void observeRealLogits(NDArray realLogits) {
        signSum.addi(realLogits.stopGradient().sign().sum());
        updates++;
        intervalImages += realLogits.getShape().get(0);
        if (updates % interval == 0) {
            adjust();
        }
    }

    /** p += sign(signSum - target * n) * n / rampImages, clamped; a new interval starts. */
    private void adjust() {
        float threshold = (float) (target * intervalImages);
        float step = (float) ((double) intervalImages / rampImages);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray direction = scratch.zeros(new Shape()).addi(signSum).subi(threshold).signi();
            NDArray next =
                    direction.muli(step).addi(probability).maximum(0f).minimum(1f);
            next.attach(manager);
            probability.close();
            probability = next;
        }
        signSum.close();
        signSum = manager.zeros(new Shape());
        intervalImages = 0;
    }

    @Override
    public double value() {
        return probability.getFloat();
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        positions.put(UPDATES, updates);
        positions.put(INTERVAL_IMAGES, intervalImages);
        positions.put(SIGN_SUM, (long) signSum.getFloat());
        positions.put(
                PROBABILITY_BITS, Float.floatToRawIntBits(probability.getFloat()) & 0xffffffffL);
        return positions;
    }

    @Override
    public void resumeAt(Map<String, Long> positions) {
        updates = positions.getOrDefault(UPDATES, 0L);
        intervalImages = positions.getOrDefault(INTERVAL_IMAGES, 0L);
        set(
                Float.intBitsToFloat((int) (long) positions.getOrDefault(PROBABILITY_BITS, 0L)),
                positions.getOrDefault(SIGN_SUM, 0L));
    }

    private void set(float newProbability, float newSignSum) {
        if (probability != null) {
            probability.close();
            signSum.close();
        }
        probability = manager.create(newProbability);
        signSum = manager.create(newSignSum);
    }

    @Override
    public void close() {
        manager.close();
    }
}
