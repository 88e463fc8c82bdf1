package io.github.djlgan.djl.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * DiffAugment's elementary augmentations on a minibatch of images {@code x} of shape {@code (B, C,
 * H, W)}, each linear in x and so differentiable with respect to it, written with engine-neutral
 * operations only. Every one takes a per-sample gate g of shape {@code (B)} holding 0 or 1 (ADA's
 * "apply with probability p") and is exactly the identity where g = 0: the gate scales the
 * augmentation's deviation from the identity, never the image.
 *
 * <p>The formulas, for a pixel range [lo, hi] with half-width a = (hi - lo) / 2 and midpoint m =
 * (lo + hi) / 2 (a = 1, m = 0 for DiffAugment's own [-1, 1]):
 *
 * <ul>
 *   <li>brightness: {@code x + g * a * (u - 0.5)};
 *   <li>saturation: {@code x + g * (s - 1) * (x - mean_C(x))}, s = 2u, the mean over channels
 *       (so {@code (x - mean) * s + mean} where g = 1; the identity for one channel);
 *   <li>contrast: {@code x + g * (c - 1) * (x - mean_CHW(x))}, c = u + 0.5;
 *   <li>translation: {@code out[i][j] = x[i + dy][j + dx]}, m where that falls outside the image:
 *       {@code R x S + m * (1 - rowsIn * columnsIn)} with one-hot shift matrices R (H x H) and S
 *       (W x W), each {@code I + g * (shift - I)};
 *   <li>cutout: {@code x * (1 - g K) + m * g K}, K the square's indicator.
 * </ul>
 *
 * <p>Colour ops are DiffAugment's with their shift scaled by a, translation and cutout fill with m
 * instead of 0; every op then commutes with the affine map between pixel ranges, so an image
 * augmented in [0, 1] is exactly the image augmented in [-1, 1], mapped (up to rounding).
 *
 * @see <a href="https://arxiv.org/abs/2006.10738">Zhao et al. 2020, DiffAugment, section 3 and
 *     their code's rand_brightness, rand_saturation, rand_contrast, rand_translation,
 *     rand_cutout</a>
 */
final class AugmentOps {

    private AugmentOps() {}

    /**
     * Shifts each sample's brightness.
     *
     * @param x images {@code (B, C, H, W)}
     * @param gate {@code (B)}, 0 or 1
     * @param uniforms B numbers in [0, 1)
     * @param halfRange a, half the width of the pixel range
     * @return the images, same shape
     */
    static NDArray brightness(NDArray x, NDArray gate, float[] uniforms, float halfRange) {
        float[] shifts = new float[uniforms.length];
        for (int i = 0; i < shifts.length; i++) {
            shifts[i] = (uniforms[i] - 0.5f) * halfRange;
        }
        return x.add(perSample(x, gate).mul(create(x, shifts, perSampleShape(x))));
    }

    /**
     * Scales each sample's saturation: its deviation from the mean over channels.
     *
     * @param x images {@code (B, C, H, W)}
     * @param gate {@code (B)}, 0 or 1
     * @param uniforms B numbers in [0, 1)
     * @return the images, same shape
     */
    static NDArray saturation(NDArray x, NDArray gate, float[] uniforms) {
        return scaleDeviation(x, gate, uniforms, 2f, 0f, x.mean(new int[] {1}, true));
    }

    /**
     * Scales each sample's contrast: its deviation from its own mean.
     *
     * @param x images {@code (B, C, H, W)}
     * @param gate {@code (B)}, 0 or 1
     * @param uniforms B numbers in [0, 1)
     * @return the images, same shape
     */
    static NDArray contrast(NDArray x, NDArray gate, float[] uniforms) {
        // one axis at a time: DJL's PyTorch engine averages over a single axis only
        long batch = x.getShape().get(0);
        NDArray mean = x.reshape(batch, -1).mean(new int[] {1}, true).reshape(perSampleShape(x));
        return scaleDeviation(x, gate, uniforms, 1f, 0.5f, mean);
    }

    /** {@code x + g * (factor - 1) * (x - mean)}, factor = scale * u + offset. */
    private static NDArray scaleDeviation(
            NDArray x, NDArray gate, float[] uniforms, float scale, float offset, NDArray mean) {
        float[] slopes = new float[uniforms.length];
        for (int i = 0; i < slopes.length; i++) {
            slopes[i] = scale * uniforms[i] + offset - 1;
        }
        NDArray slope = perSample(x, gate).mul(create(x, slopes, perSampleShape(x)));
        return x.add(x.sub(mean).mul(slope));
    }

    /**
     * Translates each sample, filling what is uncovered.
     *
     * @param x images {@code (B, C, H, W)}
     * @param gate {@code (B)}, 0 or 1
     * @param rowShifts dy per sample: output row i shows input row i + dy
     * @param columnShifts dx per sample: output column j shows input column j + dx
     * @param fill m, the value of uncovered pixels
     * @return the images, same shape
     */
    static NDArray translation(
            NDArray x, NDArray gate, int[] rowShifts, int[] columnShifts, float fill) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        NDArray matrixGate = gate.reshape(batch, 1, 1, 1);
        // rows: (B, 1, H, H) @ (B, C, H, W), broadcast over channels; rows[b][i][k] = 1 where
        // k = i + dy
        NDArray rows = shiftMatrices(x, matrixGate, rowShifts, height, false);
        // columns: (B, C, H, W) @ (B, 1, W, W); columns[b][k][j] = 1 where k = j + dx
        NDArray columns = shiftMatrices(x, matrixGate, columnShifts, width, true);
        NDArray shifted = rows.matMul(x).matMul(columns);
        if (fill == 0) {
            return shifted;
        }
        NDArray rowsIn = rows.sum(new int[] {3}).reshape(batch, 1, height, 1);
        NDArray columnsIn = columns.sum(new int[] {2}).reshape(batch, 1, 1, width);
        return shifted.add(rowsIn.mul(columnsIn).neg().add(1f).mul(fill));
    }

    /**
     * The gated one-hot shift matrices {@code I + g * (P - I)}, P with a 1 at [i][i + shift]
     * (transposed: at [j + shift][j]) where that index is inside the image.
     */
    private static NDArray shiftMatrices(
            NDArray x, NDArray gate, int[] shifts, int side, boolean transposed) {
        float[] identity = new float[shifts.length * side * side];
        float[] change = new float[identity.length];
        for (int b = 0; b < shifts.length; b++) {
            int base = b * side * side;
            for (int i = 0; i < side; i++) {
                identity[base + i * side + i] = 1;
                change[base + i * side + i] -= 1;
                int source = i + shifts[b];
                if (source >= 0 && source < side) {
                    int at = transposed ? source * side + i : i * side + source;
                    change[base + at] += 1;
                }
            }
        }
        Shape shape = new Shape(shifts.length, 1, side, side);
        return create(x, identity, shape).add(gate.mul(create(x, change, shape)));
    }

    /**
     * Fills a square of each sample.
     *
     * @param x images {@code (B, C, H, W)}
     * @param gate {@code (B)}, 0 or 1
     * @param tops the square's first row per sample, possibly negative
     * @param lefts the square's first column per sample, possibly negative
     * @param rows the square's height
     * @param columns the square's width
     * @param fill m, the value of the square's pixels
     * @return the images, same shape
     */
    static NDArray cutout(
            NDArray x,
            NDArray gate,
            int[] tops,
            int[] lefts,
            int rows,
            int columns,
            float fill) {
        Shape shape = x.getShape();
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float[] square = new float[tops.length * height * width];
        for (int b = 0; b < tops.length; b++) {
            for (int i = Math.max(0, tops[b]); i < Math.min(height, tops[b] + rows); i++) {
                for (int j = Math.max(0, lefts[b]); j < Math.min(width, lefts[b] + columns); j++) {
                    square[(b * height + i) * width + j] = 1;
                }
            }
        }
        NDArray cut =
                perSample(x, gate).mul(create(x, square, new Shape(tops.length, 1, height, width)));
        NDArray kept = x.mul(cut.neg().add(1f));
        return fill == 0 ? kept : kept.add(cut.mul(fill));
    }

    private static NDArray perSample(NDArray x, NDArray gate) {
        return gate.reshape(perSampleShape(x));
    }

    private static Shape perSampleShape(NDArray x) {
        return new Shape(x.getShape().get(0), 1, 1, 1);
    }

    private static NDArray create(NDArray like, float[] values, Shape shape) {
        NDManager manager = like.getManager();
        return manager.create(values, shape);
    }
}
