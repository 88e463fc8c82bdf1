package io.github.djlgan.api.event;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class TrainingSummaryTest {

    private static final StepStats LAST = new StepStats(40, 20, 1.2, 0.8, 0.6, 0.4, 3.0);

    /**
     * The held-out accuracy is stated with its image count from 100 images on, and below 100 the
     * summary says the count is too small instead of giving a percentage.
     */
    @Test
    public void heldOutAccuracyIsStatedOnlyOnEnoughImages() {
        String enough = new TrainingSummary(40, 1.0, LAST, null, 0.8125, 1000).describe();
        assertTrue(
                enough.contains("81.3% on 1000 real and 1000 generated images"), enough);

        String few = new TrainingSummary(40, 1.0, LAST, null, 0.5, 12).describe();
        assertTrue(few.contains("only 12 held-out images"), few);
        assertFalse(few.contains("50.0%"), few);
        assertTrue(new TrainingSummary(40, 1.0, LAST, null, 0.5, 12).toJson().contains(
                "\"heldOutImages\": 12"));
    }

    @Test
    public void anAccuracyNeedsItsImageCount() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingSummary(40, 1.0, LAST, null, 0.5, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingSummary(40, 1.0, LAST, null, null, 10));
    }
}
