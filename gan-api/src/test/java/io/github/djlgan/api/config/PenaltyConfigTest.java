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
            assertEquals(config.estimator(), PenaltyEstimator.EXACT);
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
                                () -> new PenaltyConfig(
                                        PenaltyKind.R1, -1, 1, PenaltyEstimator.EXACT))
                        .getMessage()
                        .contains("weight"));
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(
                                        PenaltyKind.R1, Double.NaN, 1, PenaltyEstimator.EXACT))
                        .getMessage()
                        .contains("weight"));
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(
                                        PenaltyKind.R2, 1, 0, PenaltyEstimator.EXACT))
                        .getMessage()
                        .contains("every"));
        assertTrue(
                expectThrows(InvalidInputException.class, () -> PenaltyKind.fromId("r3"))
                        .getMessage()
                        .contains("r3"));
    }

    /**
     * The finite-difference estimator serves R1 and R2 and survives config.json; WGAN-GP and DRAGAN
     * refuse it in one line; a penalty written before the estimator existed loads as exact.
     */
    @Test
    public void finiteDifferenceServesSquaredNormsOnlyAndTravelsInConfigJson() {
        for (PenaltyKind kind : PenaltyKind.values()) {
            PenaltyConfig.Builder builder =
                    PenaltyConfig.builder()
                            .setKind(kind)
                            .optEstimator(PenaltyEstimator.FINITE_DIFFERENCE);
            if (kind.unitNorm()) {
                String message =
                        expectThrows(InvalidInputException.class, builder::build).getMessage();
                assertTrue(message.contains("finite-difference") && message.contains(kind.id()),
                        message);
                assertEquals(message.lines().count(), 1L, message);
                continue;
            }
            TrainingConfig config =
                    TrainingConfig.builder().optPenalty(builder).optSeed(4).build();
            assertEquals(config.penalty().estimator(), PenaltyEstimator.FINITE_DIFFERENCE);
            assertTrue(config.toJson().contains("\"estimator\": \"finite-difference\""),
                    config.toJson());
            assertEquals(TrainingConfig.fromJson(config.toJson()), config);
            assertEquals(config.penalty().toBuilder().build(), config.penalty());
        }
        TrainingConfig old =
                TrainingConfig.fromJson(
                        "{\"seed\": 1, \"penalty\": {\"kind\": \"r2\", \"weight\": 2,"
                                + " \"every\": 1}}");
        assertEquals(old.penalty().estimator(), PenaltyEstimator.EXACT);
        String unknown =
                expectThrows(
                                InvalidInputException.class,
                                () -> TrainingConfig.fromJson(
                                        "{\"seed\": 1, \"penalty\": {\"kind\": \"r1\","
                                                + " \"estimator\": \"forward\"}}"))
                        .getMessage();
        assertTrue(unknown.contains("forward") && unknown.contains("finite-difference"), unknown);
        assertTrue(
                expectThrows(
                                InvalidInputException.class,
                                () -> new PenaltyConfig(PenaltyKind.R1, 1, 1, null))
                        .getMessage()
                        .contains("estimator"));
    }
}
