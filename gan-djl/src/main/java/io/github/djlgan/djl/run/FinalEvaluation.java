package io.github.djlgan.djl.run;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.event.StepStats;
import io.github.djlgan.api.event.TrainingSummary;
import io.github.djlgan.api.metric.ModeCoverage;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.model.GanModels;

/**
 * The measurements of a trained generator that end every run and that {@code gan eval} repeats:
 * mode coverage for the built-in mixtures, and for images how well the final discriminator tells
 * held-out real images from generated ones.
 */
public final class FinalEvaluation {

    /** How many samples of the generator the mode coverage is measured on by default. */
    public static final int COVERAGE_SAMPLES = 2500;

    /** At most how many held-out and as many generated images D's accuracy is measured on. */
    public static final int HELD_OUT_IMAGES = 1000;

    private FinalEvaluation() {}

    /**
     * D's accuracy on held-out real and generated images.
     *
     * @param accuracy the share of correct calls, in [0, 1]; 0.5 is chance
     * @param images how many real images it was measured on (and as many generated ones)
     */
    public record HeldOutAccuracy(double accuracy, int images) {}

    /**
     * Measures how G covers the modes of a run's built-in mixture (Metz et al. 2017, Unrolled GAN,
     * section 3.1: a mode is covered when a sample lies within 3 standard deviations of it).
     *
     * @param config the run's settings, naming a built-in mixture
     * @param models the trained models; G as it is (put an EMA average in first if wanted)
     * @param noise the noise to sample with, for example the run's evaluation stream
     * @param samples how many samples, positive
     * @return the coverage
     */
    public static ModeCoverage modeCoverage(
            TrainingConfig config, GanModels models, NoiseSource noise, int samples) {
        return ModeCoverage.of(
                config.data().syntheticDistribution().mixture(), models.sample(noise, samples));
    }

    /**
     * Measures how well D tells held-out real images from generated ones: the share of the first
     * {@code n = min(}{@value #HELD_OUT_IMAGES}{@code , test size)} test images it calls real (D
     * &gt; 1/2) and of n generated images it calls fake, averaged. 0.5 is chance. A conditional D
     * judges each real image with its own label, and the i-th generated image is drawn for the
     * i-th real image's label.
     *
     * @param models the trained models
     * @param test the held-out images, at least one
     * @param noise the noise for the generated images
     * @return the accuracy and n
     */
    public static HeldOutAccuracy heldOutAccuracy(
            GanModels models, ImageDataset test, NoiseSource noise) {
        int count = (int) Math.min(HELD_OUT_IMAGES, test.size());
        int[] labels = null;
        if (models.classes() > 0) {
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = test.label(i);
            }
        }
        int correct = 0;
        for (float probability : models.realProbability(test.pixels(0, count), labels)) {
            correct += probability > 0.5f ? 1 : 0;
        }
        float[] fakes = labels != null ? models.sample(noise, labels) : models.sample(noise, count);
        for (float probability : models.realProbability(fakes, labels)) {
            correct += probability < 0.5f ? 1 : 0;
        }
        return new HeldOutAccuracy(correct / (2.0 * count), count);
    }

    /**
     * Measures the final models of a run and puts the numbers together: mode coverage on {@value
     * #COVERAGE_SAMPLES} samples for a built-in mixture; held-out accuracy for images when there
     * are held-out images.
     *
     * @param config the run's settings
     * @param models the trained models (with the EMA average in G if the run keeps one)
     * @param testImages the held-out images for an image dataset, else null
     * @param evaluationSeed the seed of the noise to sample with
     * @param steps the steps trained
     * @param seconds the training time
     * @param last the averages over the last log interval
     * @return the summary
     */
    public static TrainingSummary summarize(
            TrainingConfig config,
            GanModels models,
            ImageDataset testImages,
            long evaluationSeed,
            long steps,
            double seconds,
            StepStats last) {
        NoiseSource noise = GanSetup.noise(config, evaluationSeed);
        if (testImages == null) {
            return new TrainingSummary(
                    steps,
                    seconds,
                    last,
                    modeCoverage(config, models, noise, COVERAGE_SAMPLES),
                    null,
                    null);
        }
        if (testImages.size() == 0) {
            return new TrainingSummary(steps, seconds, last, null, null, null);
        }
        HeldOutAccuracy heldOut = heldOutAccuracy(models, testImages, noise);
        return new TrainingSummary(
                steps, seconds, last, null, heldOut.accuracy(), heldOut.images());
    }
}
