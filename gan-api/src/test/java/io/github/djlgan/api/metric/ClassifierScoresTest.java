package io.github.djlgan.api.metric;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

public class ClassifierScoresTest {

    @Test
    public void confidentBalancedPredictionsScoreTheClassCount() {
        int classes = 4;
        float[] probabilities = new float[8 * classes];
        for (int i = 0; i < 8; i++) {
            probabilities[i * classes + i % classes] = 1f;
        }
        ClassifierScores scores = ClassifierScores.of(probabilities, classes);
        assertEquals(scores.inceptionScore(), 4.0, 1e-6);
        assertEquals(scores.classHistogram(), new int[] {2, 2, 2, 2});
        assertEquals(scores.classesAboveTwoPercent(), 4);
    }

    @Test
    public void oneClassOrUniformPredictionsScoreOne() {
        float[] collapsed = {0.1f, 0.9f, 0.1f, 0.9f, 0.1f, 0.9f};
        assertEquals(ClassifierScores.of(collapsed, 2).inceptionScore(), 1.0, 1e-6);
        assertEquals(ClassifierScores.of(collapsed, 2).classesAboveTwoPercent(), 1);
        float[] uniform = {0.5f, 0.5f, 0.5f, 0.5f};
        assertEquals(ClassifierScores.of(uniform, 2).inceptionScore(), 1.0, 1e-6);
    }

    @Test
    public void twoPercentRule() {
        // 100 samples: 98 of class 0, 2 of class 1 (exactly 2%), none of class 2.
        float[] probabilities = new float[100 * 3];
        for (int i = 0; i < 100; i++) {
            probabilities[i * 3 + (i < 98 ? 0 : 1)] = 1f;
        }
        ClassifierScores scores = ClassifierScores.of(probabilities, 3);
        assertEquals(scores.classesAboveTwoPercent(), 2);
        // IS = exp(H(p(y))) for confident predictions: exp(-(0.98 ln 0.98 + 0.02 ln 0.02)).
        assertEquals(scores.inceptionScore(),
                Math.exp(-(0.98 * Math.log(0.98) + 0.02 * Math.log(0.02))), 1e-6);
    }
}
