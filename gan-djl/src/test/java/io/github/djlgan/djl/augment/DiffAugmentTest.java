package io.github.djlgan.djl.augment;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import io.github.djlgan.api.config.AugmentConfig;
import io.github.djlgan.api.config.AugmentKind;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * DiffAugment against the formulas of Zhao et al. (2020), worked on the host from the same draws:
 * values, ranges, gradients, both engines, p = 0, and resume.
 */
public class DiffAugmentTest {

    private static final long SEED = 11;
    private static final int BATCH = 4;
    private static final Shape RGB = new Shape(3, 8, 8);
    private static final Shape GRAY = new Shape(1, 28, 28);
    private static final Set<AugmentKind> ALL = EnumSet.allOf(AugmentKind.class);

    /** Float32 rounding of a few operations on values of magnitude below 4. */
    private static final float COLOR_TOLERANCE = 1e-5f;

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void colourIsBrightnessThenSaturationThenContrast(String engine) {
        for (PixelRange range : PixelRange.values()) {
            float[] x = images(RGB, range, 1);
            float[] out = augment(engine, EnumSet.of(AugmentKind.COLOR), RGB, range, 1, x);
            AugmentDraws.Batch drawn = new AugmentDraws(8, 8, SEED).next(BATCH);
            float[] expected = hostColour(x, drawn, RGB, (range.high() - range.low()) / 2);
            assertClose(out, expected, COLOR_TOLERANCE, "colour " + range);
            // the bound the formulas give: brightness moves by a/2, saturation in [0, 2) and
            // contrast in [0.5, 1.5) at most double a deviation that is at most the range's width
            float width = range.high() - range.low();
            for (float value : out) {
                assertTrue(Math.abs(value - (range.low() + range.high()) / 2) <= 4.5f * width);
            }
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void translationShiftsByAnEighthAndFillsWithTheMidpoint(String engine) {
        for (PixelRange range : PixelRange.values()) {
            for (Shape shape : new Shape[] {RGB, GRAY}) {
                float[] x = images(shape, range, 2);
                float[] out =
                        augment(engine, EnumSet.of(AugmentKind.TRANSLATION), shape, range, 1, x);
                int side = (int) shape.get(1);
                AugmentDraws.Batch drawn = new AugmentDraws(side, side, SEED).next(BATCH);
                int maxShift = (int) (side / 8.0 + 0.5);
                for (int b = 0; b < BATCH; b++) {
                    assertTrue(Math.abs(drawn.rowShift()[b]) <= maxShift);
                    assertTrue(Math.abs(drawn.columnShift()[b]) <= maxShift);
                }
                assertEquals(out, hostTranslation(x, drawn, shape, midpoint(range)), 0f);
                assertInRange(out, range);
            }
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void cutoutFillsASquareOfHalfTheSide(String engine) {
        for (PixelRange range : PixelRange.values()) {
            for (Shape shape : new Shape[] {RGB, GRAY}) {
                float[] x = images(shape, range, 3);
                float[] out = augment(engine, EnumSet.of(AugmentKind.CUTOUT), shape, range, 1, x);
                int side = (int) shape.get(1);
                AugmentDraws draws = new AugmentDraws(side, side, SEED);
                assertEquals(draws.cutoutRows(), (int) (side / 2.0 + 0.5));
                float[] square = hostCutoutMask(draws.next(BATCH), shape, draws.cutoutRows());
                int plane = side * side;
                int channels = (int) shape.get(0);
                for (int i = 0; i < x.length; i++) {
                    int b = i / (channels * plane);
                    int pixel = i % plane;
                    float expected = square[b * plane + pixel] == 1 ? midpoint(range) : x[i];
                    assertEquals(out[i], expected, 0f, "element " + i);
                }
                assertInRange(out, range);
            }
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void probabilityZeroIsExactlyTheIdentity(String engine) {
        for (Shape shape : new Shape[] {RGB, GRAY}) {
            float[] x = images(shape, PixelRange.SYMMETRIC, 4);
            assertEquals(augment(engine, ALL, shape, PixelRange.SYMMETRIC, 0, x), x, 0f);
        }
    }

    /**
     * p = 0.5: each elementary augmentation applies to about half the samples; a sample whose
     * gates are all closed comes out unchanged, and the result does not depend on the engine.
     */
    @Test
    public void bothEnginesAugmentAlikeForTheSameSeed() {
        int batch = 16;
        float[] x = images(new Shape(batch).addAll(RGB), PixelRange.SYMMETRIC, 5);
        float[][] outs = new float[2][];
        String[] engines = {"PyTorch", "MXNet"};
        for (int e = 0; e < engines.length; e++) {
            try (NDManager manager = Engine.getEngine(engines[e]).newBaseManager();
                    DiffAugment augment =
                            new DiffAugment(
                                    ALL, RGB, PixelRange.SYMMETRIC,
                                    AugmentProbability.fixed(0.5), SEED)) {
                NDArray images = manager.create(x, new Shape(batch).addAll(RGB));
                augment.transform(images);
                outs[e] = augment.transform(images).toFloatArray();
            }
        }
        assertClose(outs[0], outs[1], COLOR_TOLERANCE, "PyTorch against MXNet");
        AugmentDraws draws = new AugmentDraws(8, 8, SEED);
        draws.next(batch);
        AugmentDraws.Batch drawn = draws.next(batch);
        int unchanged = 0;
        int plane = (int) RGB.size();
        for (int b = 0; b < batch; b++) {
            boolean allClosed = true;
            for (float[] gate : drawn.gates()) {
                allClosed &= gate[b] >= 0.5f;
            }
            boolean same = true;
            for (int i = b * plane; i < (b + 1) * plane; i++) {
                same &= outs[0][i] == x[i];
            }
            assertEquals(same, allClosed, "sample " + b);
            unchanged += same ? 1 : 0;
        }
        assertTrue(unchanged < batch, "some samples are augmented");
    }

    /** Gradients of every elementary op against the transposed op, worked by hand. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void gradientsFlowThroughEveryAugmentation(String engine) {
        float[] x = images(new Shape(BATCH).addAll(RGB), PixelRange.SYMMETRIC, 6);
        float[] w = images(new Shape(BATCH).addAll(RGB), PixelRange.SYMMETRIC, 7);
        AugmentDraws draws = new AugmentDraws(8, 8, SEED);
        AugmentDraws.Batch drawn = draws.next(BATCH);
        float[] open = {1, 1, 0, 1};
        Shape shape = new Shape(BATCH).addAll(RGB);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            float[] brightness =
                    gradient(manager, shape, x, w, (in, g) ->
                            AugmentOps.brightness(in, g, drawn.brightness(), 1f), open);
            assertEquals(brightness, w, 0f);
            float[] saturation =
                    gradient(manager, shape, x, w, (in, g) ->
                            AugmentOps.saturation(in, g, drawn.saturation()), open);
            assertClose(saturation, hostDeviationGradient(w, drawn.saturation(), 2f, 0f, open,
                    true), COLOR_TOLERANCE, "saturation");
            float[] contrast =
                    gradient(manager, shape, x, w, (in, g) ->
                            AugmentOps.contrast(in, g, drawn.contrast()), open);
            assertClose(contrast, hostDeviationGradient(w, drawn.contrast(), 1f, 0.5f, open,
                    false), COLOR_TOLERANCE, "contrast");
            float[] translation =
                    gradient(manager, shape, x, w, (in, g) ->
                            AugmentOps.translation(
                                    in, g, drawn.rowShift(), drawn.columnShift(), 0.5f), open);
            assertEquals(translation, hostTranslationGradient(w, drawn, open), 0f);
            float[] cutout =
                    gradient(manager, shape, x, w, (in, g) ->
                            AugmentOps.cutout(in, g, drawn.cutoutTop(), drawn.cutoutLeft(),
                                    draws.cutoutRows(), draws.cutoutColumns(), 0.5f), open);
            float[] square = hostCutoutMask(drawn, RGB, draws.cutoutRows());
            int plane = 64;
            for (int i = 0; i < w.length; i++) {
                int b = i / (3 * plane);
                boolean cut = open[b] == 1 && square[b * plane + i % plane] == 1;
                assertEquals(cutout[i], cut ? 0f : w[i], 0f, "element " + i);
            }
        }
    }

    /**
     * The whole policy is affine in its input, so for any direction v the central difference
     * (L(x + v) - L(x - v)) / 2 of L = sum(w * augment(x)) equals the gradient's projection on v,
     * up to float32 rounding of sums of 768 terms (below 1e-3 here).
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void wholePolicyGradientMatchesCentralDifferences(String engine) {
        Shape shape = new Shape(BATCH).addAll(RGB);
        float[] x = images(shape, PixelRange.SYMMETRIC, 8);
        float[] w = images(shape, PixelRange.SYMMETRIC, 9);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            NDArray input = manager.create(x, shape);
            input.setRequiresGradient(true);
            float[] grad;
            try (GradientCollector collector = manager.getEngine().newGradientCollector();
                    DiffAugment augment = policy(0.7)) {
                collector.backward(augment.transform(input).mul(manager.create(w, shape)).sum());
                grad = input.getGradient().toFloatArray();
            }
            assertTrue(norm(grad) > 1, "the gradient is not zero");
            for (int direction = 0; direction < 3; direction++) {
                float[] v = images(shape, PixelRange.SYMMETRIC, 20 + direction);
                double expected = 0;
                for (int i = 0; i < v.length; i++) {
                    expected += grad[i] * (double) v[i];
                }
                double difference =
                        (objective(manager, shape, x, v, 1, w) - objective(manager, shape, x, v,
                                -1, w)) / 2;
                assertEquals(difference, expected, 1e-3, "direction " + direction);
            }
        }
    }

    /** A resumed transform draws what the uninterrupted one draws, and counts the images. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void resumeReproducesTheSameDraws(String engine) {
        Shape shape = new Shape(BATCH).addAll(GRAY);
        float[] x = images(shape, PixelRange.UNIT, 10);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                DiffAugment straight =
                        DiffAugment.of(
                                AugmentConfig.fixed(ALL, 0.6), GRAY, PixelRange.UNIT, SEED,
                                manager)) {
            NDArray images = manager.create(x, shape);
            straight.transform(images);
            straight.transform(images.get("0:2"));
            Map<String, Long> positions = straight.positions();
            assertEquals(positions, Map.of(DiffAugment.POSITION, (long) BATCH + 2));
            float[] third = straight.transform(images).toFloatArray();
            float[] fourth = straight.transform(images).toFloatArray();
            try (DiffAugment resumed =
                    DiffAugment.of(
                            AugmentConfig.fixed(ALL, 0.6), GRAY, PixelRange.UNIT, SEED, manager)) {
                resumed.resumeAt(positions);
                assertEquals(resumed.transform(images).toFloatArray(), third, 0f);
                assertEquals(resumed.transform(images).toFloatArray(), fourth, 0f);
                assertNotEquals(third, fourth);
            }
        }
    }

    @Test
    public void refusesWhatIsNotAnImageOfItsShape() {
        expectThrows(
                IllegalArgumentException.class,
                () -> new DiffAugment(ALL, new Shape(2), PixelRange.UNIT,
                        AugmentProbability.fixed(1), SEED));
        expectThrows(
                IllegalArgumentException.class,
                () -> new DiffAugment(EnumSet.noneOf(AugmentKind.class), RGB, PixelRange.UNIT,
                        AugmentProbability.fixed(1), SEED));
        expectThrows(IllegalArgumentException.class, () -> AugmentProbability.fixed(1.5));
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                DiffAugment augment = policy(1)) {
            expectThrows(
                    IllegalArgumentException.class,
                    () -> augment.transform(manager.zeros(new Shape(2).addAll(GRAY))));
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface GatedOp {
        NDArray apply(NDArray x, NDArray gate);
    }

    private static DiffAugment policy(double probability) {
        return new DiffAugment(
                ALL, RGB, PixelRange.SYMMETRIC, AugmentProbability.fixed(probability), SEED);
    }

    private static double objective(
            NDManager manager, Shape shape, float[] x, float[] v, int sign, float[] w) {
        float[] moved = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            moved[i] = x[i] + sign * v[i];
        }
        try (NDManager scratch = manager.newSubManager();
                DiffAugment augment = policy(0.7)) {
            float[] out = augment.transform(scratch.create(moved, shape)).toFloatArray();
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                sum += out[i] * (double) w[i];
            }
            return sum;
        }
    }

    private static float[] gradient(
            NDManager manager, Shape shape, float[] x, float[] w, GatedOp op, float[] gates) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray input = scratch.create(x, shape);
            input.setRequiresGradient(true);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray out = op.apply(input, scratch.create(gates));
                assertEquals(out.getShape(), shape);
                collector.backward(out.mul(scratch.create(w, shape)).sum());
            }
            return input.getGradient().toFloatArray();
        }
    }

    private static float[] augment(
            String engine,
            Set<AugmentKind> kinds,
            Shape imageShape,
            PixelRange range,
            double probability,
            float[] x) {
        Shape shape = new Shape(BATCH).addAll(imageShape);
        try (NDManager manager = Engine.getEngine(engine).newBaseManager();
                DiffAugment augment =
                        new DiffAugment(
                                kinds, imageShape, range, AugmentProbability.fixed(probability),
                                SEED)) {
            NDArray out = augment.transform(manager.create(x, shape));
            assertEquals(out.getShape(), shape);
            return out.toFloatArray();
        }
    }

    /** Images uniform in the range, {@link #BATCH} of them unless the shape has a batch axis. */
    private static float[] images(Shape shape, PixelRange range, long seed) {
        long size = shape.dimension() == 3 ? BATCH * shape.size() : shape.size();
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(range.low(), range.high());
        }
        return values;
    }

    private static float midpoint(PixelRange range) {
        return (range.low() + range.high()) / 2;
    }

    /** DiffAugment's rand_brightness, rand_saturation, rand_contrast in double. */
    private static float[] hostColour(
            float[] x, AugmentDraws.Batch drawn, Shape image, float halfRange) {
        int channels = (int) image.get(0);
        int plane = (int) (image.size() / channels);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + (drawn.brightness()[i / (channels * plane)] - 0.5) * halfRange;
        }
        for (int b = 0; b < BATCH; b++) {
            double s = 2.0 * drawn.saturation()[b];
            for (int p = 0; p < plane; p++) {
                double mean = 0;
                for (int c = 0; c < channels; c++) {
                    mean += y[(b * channels + c) * plane + p] / channels;
                }
                for (int c = 0; c < channels; c++) {
                    int at = (b * channels + c) * plane + p;
                    y[at] = (y[at] - mean) * s + mean;
                }
            }
            double contrast = drawn.contrast()[b] + 0.5;
            int from = b * channels * plane;
            double mean = 0;
            for (int i = from; i < from + channels * plane; i++) {
                mean += y[i] / (channels * plane);
            }
            for (int i = from; i < from + channels * plane; i++) {
                y[i] = (y[i] - mean) * contrast + mean;
            }
        }
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    /** DiffAugment's rand_translation: out[i][j] = x[i + dy][j + dx], the fill outside. */
    private static float[] hostTranslation(
            float[] x, AugmentDraws.Batch drawn, Shape image, float fill) {
        int channels = (int) image.get(0);
        int side = (int) image.get(1);
        float[] out = new float[x.length];
        for (int b = 0; b < BATCH; b++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        int si = i + drawn.rowShift()[b];
                        int sj = j + drawn.columnShift()[b];
                        int base = (b * channels + c) * side * side;
                        boolean inside = si >= 0 && si < side && sj >= 0 && sj < side;
                        out[base + i * side + j] = inside ? x[base + si * side + sj] : fill;
                    }
                }
            }
        }
        return out;
    }

    /** The transposed translation: grad[k][l] = w[k - dy][l - dx] where that is inside. */
    private static float[] hostTranslationGradient(
            float[] w, AugmentDraws.Batch drawn, float[] gates) {
        int side = 8;
        float[] grad = new float[w.length];
        for (int b = 0; b < BATCH; b++) {
            int dy = gates[b] == 1 ? drawn.rowShift()[b] : 0;
            int dx = gates[b] == 1 ? drawn.columnShift()[b] : 0;
            for (int c = 0; c < 3; c++) {
                int base = (b * 3 + c) * side * side;
                for (int k = 0; k < side; k++) {
                    for (int l = 0; l < side; l++) {
                        int i = k - dy;
                        int j = l - dx;
                        if (i >= 0 && i < side && j >= 0 && j < side) {
                            grad[base + k * side + l] = w[base + i * side + j];
                        }
                    }
                }
            }
        }
        return grad;
    }

    /**
     * The gradient of x + k (x - mean(x)) is w + k (w - mean(w)): the operator is symmetric. The
     * mean is over channels (saturation) or over the whole sample (contrast).
     */
    private static float[] hostDeviationGradient(
            float[] w, float[] uniforms, float scale, float offset, float[] gates,
            boolean overChannels) {
        int plane = 64;
        float[] grad = new float[w.length];
        for (int b = 0; b < BATCH; b++) {
            double k = gates[b] * (scale * uniforms[b] + offset - 1);
            int groups = overChannels ? plane : 1;
            for (int g = 0; g < groups; g++) {
                int[] members = new int[overChannels ? 3 : 3 * plane];
                for (int m = 0; m < members.length; m++) {
                    members[m] = b * 3 * plane + (overChannels ? m * plane + g : m);
                }
                double mean = 0;
                for (int at : members) {
                    mean += w[at] / (double) members.length;
                }
                for (int at : members) {
                    grad[at] = (float) (w[at] + k * (w[at] - mean));
                }
            }
        }
        return grad;
    }

    /** 1 inside each sample's clipped square, {@code (B, H, W)} flattened. */
    private static float[] hostCutoutMask(AugmentDraws.Batch drawn, Shape image, int size) {
        int side = (int) image.get(1);
        float[] mask = new float[BATCH * side * side];
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int top = drawn.cutoutTop()[b];
                    int left = drawn.cutoutLeft()[b];
                    boolean in = i >= top && i < top + size && j >= left && j < left + size;
                    mask[(b * side + i) * side + j] = in ? 1 : 0;
                }
            }
        }
        return mask;
    }

    private static void assertInRange(float[] values, PixelRange range) {
        for (float value : values) {
            assertTrue(value >= range.low() && value <= range.high(), value + " in " + range);
        }
    }

    private static void assertClose(
            float[] actual, float[] expected, float tolerance, String what) {
        assertEquals(actual.length, expected.length, what);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(actual[i], expected[i], tolerance, what + " element " + i);
        }
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value * (double) value;
        }
        return Math.sqrt(sum);
    }
}
