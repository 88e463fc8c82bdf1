package io.github.djlgan.djl.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;

import org.testng.annotations.Test;

public class ReferenceModelTest {

    @Test
    public void dcganCostMatchesTheHandCountOfItsLayers() {
        // G: 100*6272 + 49*(128*64*16) + 196*(64*16); D: 196*(64*16) + 49*(64*128*16) + 6272.
        long generator = 627_200 + 6_422_528 + 200_704;
        long discriminator = 200_704 + 6_422_528 + 6_272;
        assertEquals(ReferenceModel.DCGAN28.generatorMultiplyAdds(), generator);
        assertEquals(ReferenceModel.DCGAN28.discriminatorMultiplyAdds(), discriminator);
        // 2 * 64 * (4g + 9d) = 11.35 GFLOP, the "about 11.4 GFLOP" of the issue.
        assertEquals(
                ReferenceModel.DCGAN28.flopsPerIteration(),
                2.0 * 64 * (4.0 * generator + 9.0 * discriminator));
        assertEquals(ReferenceModel.DCGAN28.flopsPerIteration() / 1e9, 11.35, 0.005);
    }

    @Test
    public void dcgan64CostIsRadfordsFaceModel() {
        // G: 819,200 + 3 * 33,554,432 + 3,145,728; D: 3,145,728 + 3 * 33,554,432 + 8,192.
        long generator = 819_200 + 3 * 33_554_432L + 3_145_728;
        long discriminator = 3_145_728 + 3 * 33_554_432L + 8_192;
        assertEquals(ReferenceModel.DCGAN64.generatorMultiplyAdds(), generator);
        assertEquals(ReferenceModel.DCGAN64.discriminatorMultiplyAdds(), discriminator);
        // About 173 GFLOP: 717 ms per step is about 240 GFLOP/s.
        assertEquals(ReferenceModel.DCGAN64.flopsPerIteration() / 1e9, 173.17, 0.01);
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void everyModelHasTheReferenceShapes(String engine) {
        Engine.getEngine(engine).setRandomSeed(5);
        for (ReferenceModel model : ReferenceModel.values()) {
            try (GanModels models = model.create(engine, Device.cpu());
                    NDManager scope = models.generator().getNDManager().newSubManager()) {
                int batch = 3;
                NDArray noise = scope.randomNormal(new Shape(batch).addAll(models.latentShape()));
                NDArray samples = models.generate(noise);
                assertEquals(
                        samples.getShape(),
                        new Shape(batch).addAll(models.sampleShape()),
                        model.id());
                assertEquals(models.discriminate(samples).getShape(), new Shape(batch, 1));
                if (model != ReferenceModel.DCGAN28 && model != ReferenceModel.DCGAN64) {
                    // An MLP's multiply-adds per sample are exactly its weights' entries.
                    assertEquals(
                            weightEntries(models.generator().getBlock().getParameters()),
                            model.generatorMultiplyAdds(),
                            model.id() + " G");
                    assertEquals(
                            weightEntries(models.discriminator().getBlock().getParameters()),
                            model.discriminatorMultiplyAdds(),
                            model.id() + " D");
                }
            }
        }
    }

    @Test
    public void mnistMlpGeneratorEndsInTanh() {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (GanModels models = ReferenceModel.MNIST_MLP.create("PyTorch", Device.cpu());
                NDManager scope = models.generator().getNDManager().newSubManager()) {
            NDArray samples = models.generate(scope.randomNormal(new Shape(4, 100)).mul(100));
            assertTrue(samples.abs().max().getFloat() <= 1f);
        }
    }

    @Test
    public void modelsAreFoundByNameAndUnknownNamesListTheModels() {
        assertEquals(ReferenceModel.of("DCGAN28"), ReferenceModel.DCGAN28);
        assertEquals(ReferenceModel.of(" ring-mlp"), ReferenceModel.RING_MLP);
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> ReferenceModel.of("resnet"));
        assertTrue(error.getMessage().contains("ring-mlp, mnist-mlp, dcgan28"), error.getMessage());
    }

    private static long weightEntries(ai.djl.util.PairList<String, Parameter> parameters) {
        long entries = 0;
        for (Pair<String, Parameter> pair : parameters) {
            if (pair.getValue().getType() == Parameter.Type.WEIGHT) {
                entries += pair.getValue().getArray().size();
            }
        }
        return entries;
    }
}
