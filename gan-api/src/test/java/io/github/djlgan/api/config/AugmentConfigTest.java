package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

public class AugmentConfigTest {

    @Test
    public void parsesTheFlagsListInAnyOrderAndRefusesUnknownNames() {
        assertEquals(
                List.copyOf(AugmentKind.parseList("cutout, color,translation,color")),
                List.of(AugmentKind.COLOR, AugmentKind.TRANSLATION, AugmentKind.CUTOUT));
        assertTrue(AugmentKind.parseList(" ").isEmpty());
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> AugmentKind.parseList("color,flip"));
        assertTrue(error.getMessage().contains("'flip'"), error.getMessage());
        assertTrue(error.getMessage().contains("color, translation, cutout"), error.getMessage());
    }

    @Test
    public void defaultsAreThePapers() {
        AugmentConfig diffAugment = AugmentConfig.fixed(EnumSet.of(AugmentKind.COLOR), 1);
        assertTrue(diffAugment.enabled());
        assertFalse(diffAugment.adaptive());
        AugmentConfig ada =
                AugmentConfig.adaptive(EnumSet.allOf(AugmentKind.class), AugmentConfig.DEFAULT_TARGET);
        assertTrue(ada.adaptive());
        assertEquals(ada.target().getAsDouble(), 0.6);
        assertEquals(ada.adaInterval(), 4);
        assertEquals(ada.adaRampImages(), 500_000L);
        assertFalse(AugmentConfig.NONE.enabled());
    }

    @Test
    public void keepsItsOwnUnmodifiableCopyOfTheKinds() {
        Set<AugmentKind> kinds = EnumSet.of(AugmentKind.CUTOUT);
        AugmentConfig config = AugmentConfig.fixed(kinds, 0.5);
        kinds.add(AugmentKind.COLOR);
        assertEquals(config.kinds(), Set.of(AugmentKind.CUTOUT));
        expectThrows(UnsupportedOperationException.class, () -> config.kinds().clear());
        assertEquals(config, AugmentConfig.fixed(EnumSet.of(AugmentKind.CUTOUT), 0.5));
    }

    @Test
    public void refusesValuesOutOfRangeNamingThem() {
        Set<AugmentKind> all = EnumSet.allOf(AugmentKind.class);
        assertMessage(() -> AugmentConfig.fixed(all, 1.5), "probability", "1.5");
        assertMessage(() -> AugmentConfig.fixed(all, Double.NaN), "probability", "NaN");
        assertMessage(() -> AugmentConfig.adaptive(all, 1), "target", "1.0");
        assertMessage(() -> AugmentConfig.adaptive(all, 0), "target", "0.0");
        assertMessage(
                () -> new AugmentConfig(all, 1, OptionalDouble.of(0.6), 0, 500_000),
                "adaInterval",
                "0");
        assertMessage(
                () -> new AugmentConfig(all, 1, OptionalDouble.of(0.6), 4, 0), "adaRampImages", "0");
    }

    private static void assertMessage(Runnable create, String field, String value) {
        InvalidInputException error = expectThrows(InvalidInputException.class, create::run);
        assertTrue(error.getMessage().contains(field), error.getMessage());
        assertTrue(error.getMessage().contains(value), error.getMessage());
    }
}
