package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.Stabilizers;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.util.List;

public class StabilizedTrainingTest {

    private static final double CLIP = 0.01;

    /**
     * Every stabiliser at once, on the Wasserstein loss with its RMSProp: D's weights stay inside
     * [-c, c] after every update (a large rate pushes them out first), the steps are finite, and
     * they leave no arrays behind in the trainer, the models or the average.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void everyStabiliserTogetherKeepsClippedWeightsAndLeaksNothing(String engine)
            throws Exception {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(engine))
                        .optLoop(l -> l
                                .optLoss(LossKind.WASSERSTEIN)
                                .optDiscriminatorSteps(2)
                                .optDiscriminatorOptimizer(OptimizerConfig.rmsprop(0.05)))
                        .optData(d -> d.optBatchSize(32))
                        .optModel(m -> m.optHiddenWidth(16))
                        .optStabilizers(new Stabilizers(true, 0.9, 4, 0, 0.05, CLIP))
                        .optCadence(c -> c.optLogEvery(1))
                        .optSeed(4)
                        .build();
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models);
                GeneratorEma average = new GeneratorEma(models.generator(), 0.9)) {
            trainer.fit(2, List.of(average));
            int[] arrays = counts(trainer, models);
            trainer.fit(6, List.of(average));
            assertEquals(counts(trainer, models), arrays);
            assertTrue(trainer.drainStats().isFinite());
            int learning = 0;
            for (Parameter parameter : models.discriminator().getBlock().getParameters().values()) {
                if (!parameter.requiresGradient()) {
                    continue; // spectral norm's u
                }
                learning++;
                for (float value : parameter.getArray().toFloatArray()) {
                    assertTrue(Math.abs(value) <= CLIP, parameter.getName() + " = " + value);
                }
            }
            assertEquals(learning, 6, "three linear layers, weights and biases");
        }
    }

    private static int[] counts(GanTrainer trainer, GanModels models) {
        return new int[] {
            trainer.manager().getManagedArrays().size(),
            models.generator().getNDManager().getManagedArrays().size(),
            models.discriminator().getNDManager().getManagedArrays().size()
        };
    }
}
