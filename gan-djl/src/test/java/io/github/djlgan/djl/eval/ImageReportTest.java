package io.github.djlgan.djl.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.api.metric.KernelDistance;
import io.github.djlgan.api.metric.PrecisionRecall;

import org.testng.annotations.Test;

import java.util.List;

public class ImageReportTest {

    private static FeatureComparison row(String set, int count, int subsets, boolean reliable) {
        return new FeatureComparison(set, count, 60, 12.5,
                new KernelDistance(0.0421, 0.0013, 0.013, subsets, Math.min(count, 60)),
                new PrecisionRecall(0.75, 0.5, 3), count, 60, reliable);
    }

    @Test
    public void theTableNamesTheExtractorTheCountsAndWhatIsUnreliable() {
        ClassifierCache.Entry entry = new ClassifierCache.Entry("folder-x", 4, 2, 1, 0.8125,
                "00", "PyTorch", "now", "rotations", 540, 60, "key");
        ImageEvaluation.Features features = new ImageEvaluation.Features("held-out pictures", 60,
                row("generated", 540, 100, false),
                List.of(row("training images", 540, 100, false),
                        row("blurred reference", 60, 1, false)),
                null, null);
        String text = new ImageReport(null, "rotation extractor", entry, features,
                List.of("no Inception-style score: no classes")).describe();
        assertTrue(text.contains("held-out rotation (4 turns of each, chance 25%) accuracy"
                + " 81.25% on 60 images (trained on 540, 2 epochs)"), text);
        assertTrue(text.contains("each row against the 60 held-out pictures"), text);
        String[] lines = text.split("\\R");
        String generated = lines[3];
        assertTrue(generated.matches("\\s+generated\\s+540\\s+12\\.500\\s+0\\.04210"
                + " \\+- 0\\.00130 \\(sd 0\\.0130\\)"
                + "\\s+0\\.750\\s+0\\.500  UNRELIABLE.*"), generated);
        assertTrue(lines[5].contains("0.04210 (whole sets)"), lines[5]);
        assertFalse(text.contains("Inception-style score "), text);
        assertTrue(text.endsWith("note: no Inception-style score: no classes"
                + System.lineSeparator()), text);
        assertEquals(lines.length, 8, text);
    }
}
