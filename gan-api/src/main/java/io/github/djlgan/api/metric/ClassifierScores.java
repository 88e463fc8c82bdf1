package io.github.djlgan.api.metric;

/**
 * What a classifier's softmax outputs say about a set of generated images: the Inception-style
 * score and how the samples spread over the classes.
 *
 * <pre>
 *   IS = exp( E_x KL( p(y|x) || p(y) ) ),   p(y) = E_x p(y|x),
 * </pre>
 *
 * <p>between 1 (every image gets the same class distribution) and the number of classes (every
 * image is classified with certainty and the classes are used equally). The project computes it
 * with its own Fashion-MNIST classifier, so it is comparable between runs here, not with published
 * Inception scores.
 *
 * @param inceptionScore exp of the mean KL divergence from p(y|x) to p(y)
 * @param classHistogram how many samples have each class as their most probable
 * @param classesAboveTwoPercent how many classes are the most probable class of at least 2% of
 *     the samples
 * @param samples the number of samples scored
 * @see <a href="https://arxiv.org/abs/1606.03498">Salimans et al. 2016, Improved techniques for
 *     training GANs</a>
 */
public record ClassifierScores(
        double inceptionScore, int[] classHistogram, int classesAboveTwoPercent, int samples) {

    /** A class counts as used when at least this share of the samples falls in it. */
    public static final double CLASS_SHARE = 0.02;

    /**
     * Scores class probabilities.
     *
     * @param probabilities p(y|x) for each sample, {@code classes} values each, rows summing to 1
     * @param classes the number of classes
     * @return the scores
     * @throws IllegalArgumentException if the array is empty or not whole rows
     */
    public static ClassifierScores of(float[] probabilities, int classes) {
        if (classes < 1 || probabilities.length == 0 || probabilities.length % classes != 0) {
            throw new IllegalArgumentException(
                    "need whole rows of " + classes + " probabilities, got "
                            + probabilities.length + " values");
        }
        int n = probabilities.length / classes;
        double[] marginal = new double[classes];
        int[] histogram = new int[classes];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double p = probabilities[i * classes + c];
                marginal[c] += p / n;
                if (p > probabilities[i * classes + best]) {
                    best = c;
                }
            }
            histogram[best]++;
        }
        double meanKl = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                double p = probabilities[i * classes + c];
                if (p > 0) {
                    meanKl += p * (Math.log(p) - Math.log(marginal[c])) / n;
                }
            }
        }
        int used = 0;
        for (int count : histogram) {
            used += count >= CLASS_SHARE * n ? 1 : 0;
        }
        return new ClassifierScores(Math.exp(Math.max(0, meanKl)), histogram, used, n);
    }
}
