package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.Test;

/** The ring and grid mixtures' std and the 2D networks' options, through the configuration. */
public class MixtureConfigTest {

    @Test
    public void mixtureStdDefaultsToTheLiteraturesPerLayout() {
        assertEquals(data("ring8").mixtureStd(), 0.02);
        assertEquals(data("ring:12").mixtureStd(), 0.02);
        assertEquals(data("grid25").mixtureStd(), 0.05);
        assertEquals(data("grid:3").mixtureStd(), 0.05);
        assertEquals(data("gaussian1d").mixtureStd(), 0.0);
        assertEquals(data("fashion-mnist").mixtureStd(), 0.0);
    }

    @Test
    public void mixtureStdReachesTheDistribution() {
        TrainingConfig config = TrainingConfig.builder()
                .optData(d -> d.optDataset("ring:12").optMixtureStd(0.05)).build();
        assertEquals(config.data().syntheticDistribution().mixture().std(), 0.05);
        assertEquals(config.data().syntheticDistribution().mixture().modeCount(), 12);
        assertEquals(TrainingConfig.fromJson(config.toJson()), config);
    }

    @Test
    public void mixtureStdIsRefusedWhereItCannotApply() {
        InvalidInputException images = expectThrows(InvalidInputException.class,
                () -> TrainingConfig.builder()
                        .optData(d -> d.optDataset("fashion-mnist").optMixtureStd(0.1)).build());
        assertTrue(images.getMessage().contains("ring and grid mixtures only"));
        InvalidInputException merged = expectThrows(InvalidInputException.class,
                () -> TrainingConfig.builder()
                        .optData(d -> d.optDataset("ring8").optMixtureStd(0.5)).build());
        assertTrue(merged.getMessage().contains("overlap"), merged.getMessage());
        expectThrows(InvalidInputException.class, () -> TrainingConfig.builder()
                .optData(d -> d.optDataset("grid25").optMixtureStd(-0.05)).build());
    }

    @Test
    public void networkOptionsRoundTripAndApplyToMlpsOnly() {
        TrainingConfig config = TrainingConfig.builder()
                .optData(d -> d.optDataset("ring8"))
                .optModel(m -> m.optGeneratorBatchNorm(true).optMaxoutPieces(5)).build();
        assertTrue(config.model().generatorBatchNorm());
        assertEquals(config.model().maxoutPieces(), 5);
        assertEquals(TrainingConfig.fromJson(config.toJson()), config);
        assertTrue(config.toJson().contains("\"generatorBatchNorm\": true"), config.toJson());
        TrainingConfig images = TrainingConfig.builder()
                .optData(d -> d.optDataset("fashion-mnist")).build();
        assertFalse(images.model().generatorBatchNorm());
        assertEquals(images.model().maxoutPieces(), 0);
        expectThrows(InvalidInputException.class, () -> TrainingConfig.builder()
                .optData(d -> d.optDataset("fashion-mnist"))
                .optModel(m -> m.optMaxoutPieces(5)).build());
        expectThrows(InvalidInputException.class, () -> TrainingConfig.builder()
                .optModel(m -> m.optMaxoutPieces(1)).build());
        // Spectral normalisation would leave maxout units unnormalised: refused, not half done.
        InvalidInputException spectral = expectThrows(InvalidInputException.class,
                () -> TrainingConfig.builder().optModel(m -> m.optMaxoutPieces(5))
                        .optStabilizers(s -> s.optSpectralNorm(true)).build());
        assertTrue(spectral.getMessage().contains("--maxout-pieces 0"), spectral.getMessage());
    }

    private static DataConfig data(String dataset) {
        return TrainingConfig.builder().optData(d -> d.optDataset(dataset)).build().data();
    }
}
