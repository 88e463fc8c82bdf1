package io.github.djlgan.djl.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

public class PackedDiscriminatorTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void consecutiveSamplesAreConcatenatedIntoPacks(String engine) {
        try (NDManager manager = Engine.getEngine(engine).newBaseManager()) {
            PackedDiscriminator packed =
                    new PackedDiscriminator(new LambdaBlock(inputs -> inputs), 4);
            packed.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            float[] points = new float[16];
            for (int i = 0; i < points.length; i++) {
                points[i] = i;
            }
            NDArray packs =
                    packed.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.create(points, new Shape(8, 2))),
                                    true)
                            .singletonOrThrow();
            assertEquals(packs.getShape(), new Shape(2, 8));
            // pack 0 holds samples 0-3, pack 1 samples 4-7, each sample's coordinates together
            assertEquals(packs.toFloatArray(), points);
        }
    }

    @Test
    public void imagesArePackedAlongTheChannelAxis() {
        PackedDiscriminator packed = new PackedDiscriminator(new LambdaBlock(inputs -> inputs), 2);
        assertEquals(packed.packedShape(new Shape(6, 3, 5, 5)), new Shape(3, 6, 5, 5));
        assertEquals(packed.packedShape(new Shape(1, 3, 5, 5)), new Shape(1, 6, 5, 5));
        expectThrows(IllegalArgumentException.class, () -> packed.packedShape(new Shape(5, 2)));
        expectThrows(IllegalArgumentException.class, () -> new PackedDiscriminator(packed, 0));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void packedMlpGivesOneLogitPerPackAndJudgesSinglePointsAsCopies(String engine) {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(engine))
                        .optModel(m -> m.optHiddenWidth(16))
                        .optData(d -> d.optBatchSize(12))
                        .optStabilizers(new Stabilizers(false, 0, 3, 0, 0, 0))
                        .optSeed(2)
                        .build();
        try (GanModels models = GanSetup.models(config, Device.cpu());
                NDManager manager = models.discriminator().getNDManager().newSubManager()) {
            NDArray logits = models.discriminate(manager.randomNormal(new Shape(12, 2)));
            assertEquals(logits.getShape(), new Shape(4, 1));
            // Any number of points: each is judged as a pack of three copies of itself.
            float[] single = models.realProbability(new float[] {0.5f, -1f});
            float[] copies =
                    models.realProbability(new float[] {0.5f, -1f, 2f, 2f, 0.5f, -1f});
            assertEquals(copies.length, 3);
            assertEquals(copies[2], single[0], 1e-6f);
            expectThrows(
                    IllegalArgumentException.class,
                    () -> models.discriminate(manager.randomNormal(new Shape(4, 2))));
        }
    }
}
