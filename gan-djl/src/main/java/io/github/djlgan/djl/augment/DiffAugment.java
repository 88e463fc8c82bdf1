package io.github.djlgan.djl.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.AugmentConfig;
import io.github.djlgan.api.config.AugmentKind;
import io.github.djlgan.api.config.RunSeeds;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.augment.AugmentDraws.Gate;
import io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020) of every image the discriminator
 * sees, real and generated, in the D and the G update: colour (brightness, saturation, contrast),
 * translation by up to 1/8 of the side, and cutout of a square of half the side, in that order,
 * each drawn per sample (formulas in {@link AugmentOps}). Every augmentation is linear in the
 * image, so G's gradient flows back through it.
 *
 * <p>Each of the five elementary augmentations applies to each sample with probability p ({@link
 * AugmentProbability}): 1 for DiffAugment's policy, or adapted by ADA's heuristic ({@link
 * AdaptiveProbability}, Karras et al. 2020). Where a sample's gate is closed the augmentation is
 * exactly the identity, so p = 0 returns the images unchanged.
 *
 * <p>Pixel ranges: the images are in the architecture's range ({@link PixelRange}). Brightness
 * shifts are DiffAugment's [-0.5, 0.5) scaled by half the range's width, and translation and
 * cutout fill with the range's midpoint (DiffAugment's 0 in [-1, 1]), so the augmentation means
 * the same on [-1, 1] (tanh) and [0, 1] (sigmoid) images. Values are not clipped to the range
 * (DiffAugment does not; clipping would cut the gradient).
 *
 * <p>All random numbers come from one seeded stream on the host ({@link AugmentDraws}) and reach
 * the engine as small arrays, so both engines compute the same augmentation for the same seed.
 * The images drawn for are counted ({@value #POSITION} in {@code trainer.json}) with p's state;
 * a resumed run re-derives the stream and continues exactly.
 *
 * @see <a href="https://arxiv.org/abs/2006.10738">Zhao et al. 2020, Differentiable Augmentation
 *     for Data-Efficient GAN Training</a>
 * @see <a href="https://arxiv.org/abs/2006.06676">Karras et al. 2020, Training Generative
 *     Adversarial Networks with Limited Data, section 3</a>
 */
public final class DiffAugment implements DiscriminatorInputTransform {

    /** The counter of images whose parameters were drawn, as checkpoints name it. */
    public static final String POSITION = "diffAugmentImages";

    /** The {@code metrics.csv} column of p ({@link #logValues}). */
    public static final String LOG_COLUMN = "augment_p";

    private final Set<AugmentKind> kinds;
    private final Shape imageShape;
    private final float halfRange;
    private final float midpoint;
    private final AugmentProbability probability;
    private final long seed;
    private AugmentDraws draws;
    private long images;

    /**
     * Creates the augmentation.
     *
     * @param kinds the augmentations, not empty
     * @param imageShape one image's shape {@code (C, H, W)}
     * @param range the images' pixel range
     * @param probability p; this transform closes it
     * @param seed the seed of the parameters' stream
     * @throws IllegalArgumentException if no kind is given or the shape is not {@code (C, H, W)}
     */
    public DiffAugment(
            Set<AugmentKind> kinds,
            Shape imageShape,
            PixelRange range,
            AugmentProbability probability,
            long seed) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("DiffAugment needs at least one augmentation");
        }
        if (imageShape.dimension() != 3 || imageShape.size() < 1) {
            throw new IllegalArgumentException(
                    "DiffAugment augments images of shape (C, H, W), got " + imageShape);
        }
        this.kinds = EnumSet.copyOf(kinds);
        this.imageShape = imageShape;
        this.halfRange = (range.high() - range.low()) / 2;
        this.midpoint = (range.high() + range.low()) / 2;
        this.probability = probability;
        this.seed = seed;
        this.draws = newDraws();
    }

    /**
     * Creates the augmentation a run's settings ask for: a fixed p, or ADA's adaptive one whose
     * state lives on the engine of {@code parent}.
     *
     * @param config the settings, with at least one kind
     * @param imageShape one image's shape {@code (C, H, W)}, the models' sample shape
     * @param range the architecture's pixel range
     * @param seed the seed of the parameters' stream, one of the run's streams
     * @param parent a manager on D's device (the discriminator model's), for ADA's state
     * @return the transform, to be added to the trainer ({@code addInputTransform}), which closes
     *     it
     * @throws IllegalArgumentException if no kind is set or the samples are not images
     */
    public static DiffAugment of(
            AugmentConfig config,
            Shape imageShape,
            PixelRange range,
            long seed,
            NDManager parent) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no augmentation is set; add no transform");
        }
        AugmentProbability probability =
                config.adaptive()
                        ? new AdaptiveProbability(
                                config.target().getAsDouble(),
                                config.adaInterval(),
                                config.adaRampImages(),
                                parent)
                        : AugmentProbability.fixed(config.probability());
        return new DiffAugment(config.kinds(), imageShape, range, probability, seed);
    }

    /**
     * Returns the seed of a run's augmentation stream: a stream split off the real-data seed's
     * (what D sees of the data), apart from every other stream of the run, so that turning
     * augmentation on changes no other draw.
     *
     * @param seeds the run's streams
     * @return the seed for {@link #of}
     */
    public static long streamSeed(RunSeeds seeds) {
        return new SplittableRandom(seeds.data()).split().nextLong();
    }

    @Override
    public NDArray transform(NDArray samples) {
        Shape shape = samples.getShape();
        if (shape.dimension() != 4 || !shape.slice(1).equals(imageShape)) {
            throw new IllegalArgumentException(
                    "expected images of shape (batch, " + imageShape + "), got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        AugmentDraws.Batch drawn = draws.next(batch);
        images += batch;
        NDManager manager = samples.getManager();
        NDArray x = samples;
        if (kinds.contains(AugmentKind.COLOR)) {
            x = AugmentOps.brightness(
                    x, gates(manager, drawn, Gate.BRIGHTNESS), drawn.brightness(), halfRange);
            x = AugmentOps.saturation(
                    x, gates(manager, drawn, Gate.SATURATION), drawn.saturation());
            x = AugmentOps.contrast(x, gates(manager, drawn, Gate.CONTRAST), drawn.contrast());
        }
        if (kinds.contains(AugmentKind.TRANSLATION)) {
            x = AugmentOps.translation(
                    x,
                    gates(manager, drawn, Gate.TRANSLATION),
                    drawn.rowShift(),
                    drawn.columnShift(),
                    midpoint);
        }
        if (kinds.contains(AugmentKind.CUTOUT)) {
            x = AugmentOps.cutout(
                    x,
                    gates(manager, drawn, Gate.CUTOUT),
                    drawn.cutoutTop(),
                    drawn.cutoutLeft(),
                    draws.cutoutRows(),
                    draws.cutoutColumns(),
                    midpoint);
        }
        return x;
    }

    private NDArray gates(NDManager manager, AugmentDraws.Batch drawn, Gate gate) {
        return probability.gates(manager, drawn.gate(gate));
    }

    /**
     * Returns p; for ADA this reads it back from the engine, so call it at a log interval (the
     * metrics column {@value #LOG_COLUMN}).
     *
     * @return the probability, in [0, 1]
     */
    public double probability() {
        return probability.value();
    }

    /**
     * Logs p as the column {@value #LOG_COLUMN}; for ADA this reads it back from the engine.
     *
     * @return {@value #LOG_COLUMN} to p
     */
    @Override
    public Map<String, Double> logValues() {
        return Map.of(LOG_COLUMN, probability());
    }

    @Override
    public void observeRealLogits(NDArray realLogits) {
        probability.observeRealLogits(realLogits);
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        positions.put(POSITION, images);
        positions.putAll(probability.positions());
        return positions;
    }

    @Override
    public void resumeAt(Map<String, Long> positions) {
        images = positions.getOrDefault(POSITION, 0L);
        draws = newDraws();
        draws.skip(images);
        probability.resumeAt(positions);
    }

    private AugmentDraws newDraws() {
        return new AugmentDraws((int) imageShape.get(1), (int) imageShape.get(2), seed);
    }

    @Override
    public void close() {
        probability.close();
    }
}
