package io.github.djlgan.djl.stabilizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.djl.data.NoiseSource;

import java.util.Map;

/**
 * Instance noise: Gaussian noise added to every sample the discriminator sees, {@code x + sigma *
 * n} with n standard normal, one value per sample element. It blurs the real and generated
 * distributions so that their supports overlap and D's gradient stays informative.
 *
 * <p>The noise is drawn on the host from a seeded stream, so that every engine sees the same
 * values; the rows drawn are counted ({@value #POSITION} in {@code trainer.json}) and skipped on
 * resume.
 *
 * @see <a href="https://arxiv.org/abs/1610.04490">Sønderby et al. 2017, Amortised MAP Inference
 *     for Image Super-resolution, section 5</a>
 */
public final class InstanceNoise implements DiscriminatorInputTransform {

    /** The counter of noise rows drawn so far, as checkpoints name it. */
    public static final String POSITION = "instanceNoiseRows";

    private final float sigma;
    private final NoiseSource source;
    private long rows;

    /**
     * Creates instance noise.
     *
     * @param sigma the standard deviation, positive, in the units of the samples
     * @param sampleSize the number of elements of one sample (for images channels x height x
     *     width), positive
     * @param seed the seed of the noise stream
     * @throws IllegalArgumentException if sigma or the sample size is not positive
     */
    public InstanceNoise(float sigma, int sampleSize, long seed) {
        if (!(sigma > 0) || sampleSize < 1) {
            throw new IllegalArgumentException(
                    "sigma and sampleSize must be positive, got " + sigma + " and " + sampleSize);
        }
        this.sigma = sigma;
        this.source = new NoiseSource(NoiseKind.GAUSSIAN, sampleSize, seed);
    }

    @Override
    public NDArray transform(NDArray samples) {
        Shape shape = samples.getShape();
        rows += shape.get(0);
        NDArray noise = source.next(samples.getManager(), (int) shape.get(0)).reshape(shape);
        return samples.add(noise.muli(sigma));
    }

    @Override
    public Map<String, Long> positions() {
        return Map.of(POSITION, rows);
    }

    @Override
    public void resumeAt(Map<String, Long> positions) {
        rows = positions.getOrDefault(POSITION, 0L);
        source.skip(rows, 1);
    }
}
