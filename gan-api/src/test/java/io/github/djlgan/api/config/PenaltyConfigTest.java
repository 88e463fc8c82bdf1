package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.Test;

public class PenaltyConfigTest {

    @Test
    public void defaultsAreThePapersWeightsAppliedInEveryUpdate() {
        for (PenaltyKind kind : PenaltyKind.values()) {
            PenaltyConfig config = PenaltyConfig.of(kind);
            assertEquals(config.weight(), 10.0, kind.id());
            assertEquals(config.every(), 1);
            assertEquals(PenaltyKind.fromId(kind.id()), kind);
        }
        assertTrue(PenaltyKind.WGAN_GP.unitNorm() && PenaltyKind.DRAGAN.unitNorm());
        assertTrue(!PenaltyKind.R1.unitNorm() && !PenaltyKind.R2.unitNorm());
    }

    @Test
    public void lazyRegularisationWeighsNTimesGamma() {
        PenaltyConfig lazy =
                PenaltyConfig.builder().setKind(PenaltyKind.R1).optWeight(0.5).optEvery(16).build();
        assertEquals(lazy.appliedWeight(), 8.0);
    }

    @Test
    public void badSettingsAreRefusedByName() {
        assertTrue(
                expectThrows(InvalidInputException.class, () -> PenaltyConfig.builder().build())
                        .getMessage()
                        .contains("kind"));
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(PenaltyKind.R1, -1, 1))
                        .getMessage()
                        .contains("weight"));
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(PenaltyKind.R1, Double.NaN, 1))
                        .getMessage()
                        .contains("weight"));
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(PenaltyKind.R2, 1, 0))
                        .getMessage()
                        .contains("every"));
        assertTrue(
                expectThrows(InvalidInputException.class, () -> PenaltyKind.fromId("r3"))
                        .getMessage()
                        .contains("r3"));
    }
}
