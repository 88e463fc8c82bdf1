package io.github.djlgan.djl.eval;

import ai.djl.ndarray.NDManager;

import io.github.djlgan.api.metric.ClassifierScores;
import io.github.djlgan.api.metric.FeatureStatistics;
import io.github.djlgan.api.metric.ParzenWindow;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The image metrics of {@code gan eval}, each beside its calibration.
 *
 * <ul>
 *   <li>Parzen-window log-likelihood of the test images under the generated ones, pixels scaled to
 *       [0, 1] as in the paper's Table 1; sigma chosen on {@value #VALIDATION} training images from
 *       a log-spaced grid. Calibration: the same estimate with training images as centres.
 *   <li>Frechet distance between classifier features of generated and test images. Calibration:
 *       training images against test images (near 0), and test images blurred by a 3x3 box or
 *       corrupted by Gaussian noise of std {@value #NOISE_STD} (large).
 *   <li>Inception-style score and class histogram of generated images; calibration: the test
 *       images' own score.
 * </ul>
 */
public final class ImageEvaluation {

    /** Validation images (the last of the training half) on which sigma is chosen. */
    public static final int VALIDATION = 1000;

    /** The std of the Gaussian noise of the corrupted calibration set, on the [-1, 1] scale. */
    public static final double NOISE_STD = 0.5;

    private static final int PARZEN_BATCH = 250;

    private ImageEvaluation() {}

    /**
     * The Parzen estimates.
     *
     * @param generated with generated images as centres
     * @param trainingImages with as many training images as centres, the calibration
     */
    public record Parzen(ParzenWindow.Estimate generated, ParzenWindow.Estimate trainingImages) {}

    /**
     * The metrics on an extractor's features, each row beside the same numbers for calibration
     * sets.
     *
     * @param reference what every row is compared with, e.g. {@code test images}
     * @param referenceCount the reference images
     * @param generated generated images against the reference
     * @param calibration real images that are not the reference (training images) against it,
     *     then the reference blurred by a 3x3 box and with Gaussian noise of std {@value
     *     #NOISE_STD} against itself
     * @param generatedScores Inception-style score and class histogram of generated images;
     *     null when the extractor has no classes
     * @param referenceScores the same for the reference images; null without classes
     */
    public record Features(
            String reference,
            int referenceCount,
            FeatureComparison generated,
            List<FeatureComparison> calibration,
            ClassifierScores generatedScores,
            ClassifierScores referenceScores) {}

    /**
     * Computes the Parzen estimates.
     *
     * @param manager the manager under which the engine computes distances
     * @param generated generated images in [-1, 1]
     * @param train training images in [-1, 1], at least as many as generated plus the validation
     *     set
     * @param test test images in [-1, 1]
     * @param pixels values per image
     * @param sigmas the widths to try, on the [0, 1] pixel scale
     * @return both estimates
     */
    public static Parzen parzen(
            NDManager manager,
            float[] generated,
            float[] train,
            float[] test,
            int pixels,
            double[] sigmas) {
        int centres = generated.length / pixels;
        int trainCount = train.length / pixels;
        if (trainCount < centres + VALIDATION) {
            throw new IllegalArgumentException("need " + (centres + VALIDATION)
                    + " training images for the validation and calibration sets, have "
                    + trainCount);
        }
        float[] validation = unitScale(train, trainCount - VALIDATION, VALIDATION, pixels);
        float[] testUnit = unitScale(test, 0, test.length / pixels, pixels);
        ParzenWindow.Estimate ofGenerated =
                estimate(manager, unitScale(generated, 0, centres, pixels), validation, testUnit,
                        pixels, sigmas);
        ParzenWindow.Estimate ofTraining =
                estimate(manager, unitScale(train, 0, centres, pixels), validation, testUnit,
                        pixels, sigmas);
        return new Parzen(ofGenerated, ofTraining);
    }

    private static ParzenWindow.Estimate estimate(
            NDManager manager,
            float[] centres,
            float[] validation,
            float[] test,
            int pixels,
            double[] sigmas) {
        try (EngineDistances toValidation =
                        new EngineDistances(manager, centres, validation, pixels);
                EngineDistances toTest = new EngineDistances(manager, centres, test, pixels)) {
            return ParzenWindow.estimate(
                    toValidation, validation.length / pixels,
                    toTest, test.length / pixels,
                    centres.length / pixels, pixels, sigmas, PARZEN_BATCH);
        }
    }

    /**
     * Computes the feature metrics of generated images given as pixels (small sets and tests;
     * {@link #features(ImageClassifier, boolean, float[], float[], String, float[], int, String,
     * float[], long)} takes features computed batch by batch).
     *
     * @param classifier the trained classifier
     * @param generated generated images in [-1, 1]
     * @param train training images in [-1, 1] (the real calibration row)
     * @param test test images in [-1, 1], the reference
     * @param side the side of the square images
     * @param seed the seed of the calibration noise
     * @return the metrics, with Inception-style scores
     */
    public static Features classifier(
            ImageClassifier classifier,
            float[] generated,
            float[] train,
            float[] test,
            int side,
            long seed) {
        return features(classifier, true, classifier.features(generated),
                classifier.probabilities(generated), "test images", test, side, "training images",
                classifier.features(train), seed);
    }

    /**
     * Computes the feature metrics: generated against reference, beside the calibration rows.
     *
     * @param extractor the trained extractor
     * @param withScores whether its outputs are classes, so that the Inception-style score means
     *     something
     * @param generatedFeatures the generated images' features, {@value ImageClassifier#FEATURES}
     *     values each
     * @param generatedProbabilities their class probabilities, or null without scores
     * @param referenceName what the reference is, e.g. {@code test images}
     * @param reference the reference images in [-1, 1] (test or held-out images)
     * @param side the side of the square images
     * @param realName what the real calibration set is, e.g. {@code training images}
     * @param realFeatures that set's features
     * @param seed the seed of the calibration noise
     * @return the metrics
     * @throws IllegalArgumentException if a set has fewer than {@value
     *     FeatureComparison#MIN_COMPUTABLE} images
     */
    public static Features features(
            ImageClassifier extractor,
            boolean withScores,
            float[] generatedFeatures,
            float[] generatedProbabilities,
            String referenceName,
            float[] reference,
            int side,
            String realName,
            float[] realFeatures,
            long seed) {
        int dimension = ImageClassifier.FEATURES;
        float[] referenceFeatures = extractor.features(reference);
        FeatureStatistics statistics = FeatureStatistics.of(referenceFeatures, dimension);
        FeatureComparison generated = FeatureComparison.of(
                "generated", generatedFeatures, referenceFeatures, statistics, dimension);
        List<FeatureComparison> calibration = List.of(
                FeatureComparison.of(realName, realFeatures, referenceFeatures, statistics,
                        dimension),
                FeatureComparison.of("blurred reference", extractor.features(blur(reference,
                        side)), referenceFeatures, statistics, dimension),
                FeatureComparison.of("noisy reference", extractor.features(noisy(reference,
                        seed)), referenceFeatures, statistics, dimension));
        ClassifierScores generatedScores = null;
        ClassifierScores referenceScores = null;
        if (withScores) {
            generatedScores = ClassifierScores.of(generatedProbabilities, extractor.classes());
            referenceScores =
                    ClassifierScores.of(extractor.probabilities(reference), extractor.classes());
        }
        return new Features(referenceName, referenceFeatures.length / dimension, generated,
                calibration, generatedScores, referenceScores);
    }

    /** Maps images from [-1, 1] to [0, 1]. */
    private static float[] unitScale(float[] images, int first, int count, int pixels) {
        float[] out = new float[count * pixels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (images[first * pixels + i] + 1f) / 2f;
        }
        return out;
    }

    /**
     * Blurs square images with a 3x3 box filter, each channel plane apart (edges use the pixels
     * inside the image).
     *
     * @param images images, one after the other (a colour image is three planes)
     * @param side the side of an image
     * @return the blurred images
     */
    static float[] blur(float[] images, int side) {
        int pixels = side * side;
        float[] out = new float[images.length];
        for (int n = 0; n < images.length / pixels; n++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float sum = 0;
                    int count = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < side && xx >= 0 && xx < side) {
                                sum += images[n * pixels + yy * side + xx];
                                count++;
                            }
                        }
                    }
                    out[n * pixels + y * side + x] = sum / count;
                }
            }
        }
        return out;
    }

    private static float[] noisy(float[] images, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            double value = images[i] + NOISE_STD * random.nextGaussian();
            out[i] = (float) Math.max(-1, Math.min(1, value));
        }
        return out;
    }
}
