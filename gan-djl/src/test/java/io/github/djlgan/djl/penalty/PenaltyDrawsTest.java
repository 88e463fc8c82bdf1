package io.github.djlgan.djl.penalty;

import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

import java.util.SplittableRandom;

/**
 * The streams of consecutive D updates are unrelated, also for a small seed: keyed directly by
 * {@code seed ^ (update * gamma)}, SplittableRandom gave update u + 1 the values of update u
 * shifted by one whenever the xor acted as an addition, and a finite-difference penalty averaged
 * over updates then strayed 4.6 standard errors from its mean.
 */
public class PenaltyDrawsTest {

    @Test
    public void consecutiveUpdatesDoNotShareValues() {
        for (long seed : new long[] {0, 1, 9, 0x5DEECE66DL}) {
            for (long update = 0; update < 50; update++) {
                SplittableRandom current = PenaltyDraws.stream(seed, update);
                SplittableRandom next = PenaltyDraws.stream(seed, update + 1);
                long[] values = new long[8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = current.nextLong();
                }
                long first = next.nextLong();
                for (long value : values) {
                    assertTrue(value != first, "seed " + seed + " update " + update);
                }
            }
        }
    }
}
