package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.listener.CheckpointListener;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public class DivergenceGuardTest {

    /**
     * A real minibatch of NaN at step 7 makes the losses and parameters NaN, which is caught at
     * the next log interval (step 10, where a
     * checkpoint is also due): training stops naming that step, and the checkpoint of step 5
     * stays the newest, none being written of the diverged state.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void aNanParameterStopsTrainingAndKeepsTheLastGoodCheckpoint(String engine)
            throws IOException {
        TrainingConfig config =
                GanTrainerTest.smallConfig(engine).toBuilder().optCadence(c ->
                        c.optLogEvery(5)).build();
        Path directory = Files.createTempDirectory("diverge");
        CheckpointStore store = new CheckpointStore(directory, 5);
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer =
                        GanSetup.trainer(config, models, poisoned(config, models, 7))) {
            CheckpointListener checkpoints =
                    new CheckpointListener(store, 5, config.model().architecture().id(), Map::of);
            TrainingDivergedException error =
                    expectThrows(
                            TrainingDivergedException.class,
                            () -> trainer.fit(20, List.of(checkpoints)));
            assertTrue(error.getMessage().contains("up to step 10"), error.getMessage());
            assertEquals(trainer.step(), 10);
        }
        assertEquals(store.latest().orElseThrow().step(), 5);
        assertFalse(Files.exists(directory.resolve("step-00000010")));
    }

    /** The real data of a config, with the minibatch of one step made of NaN. */
    private static RealDataSource poisoned(TrainingConfig config, GanModels models, long step) {
        RealDataSource real = GanSetup.realData(config, models, null);
        return new RealDataSource() {
            private long drawn;

            @Override
            public Shape sampleShape() {
                return real.sampleShape();
            }

            @Override
            public NDList next(NDManager manager, int batchSize) {
                NDList batch = real.next(manager, batchSize);
                return ++drawn == step ? new NDList(batch.head().mul(Float.NaN)) : batch;
            }
        };
    }

    /**
     * A parameter made infinite between two steps stops training at the next log interval, not
     * later: the step after the change is step 4, whose check (stats, then parameters) runs before
     * any listener of that step. The step listeners run after the check so that a checkpoint of a
     * log step follows its metrics row.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theLogIntervalCatchesAnInfiniteParameter(String engine) throws IOException {
        TrainingConfig config =
                GanTrainerTest.smallConfig(engine).toBuilder().optCadence(c ->
                        c.optLogEvery(4)).build();
        try (GanModels models = GanSetup.models(config, Device.cpu());
                GanTrainer trainer = GanSetup.trainer(config, models)) {
            TrainingListener poison =
                    new TrainingListener() {
                        @Override
                        public void onStep(GanTrainer at) {
                            if (at.step() == 3) {
                                // Between steps 3 and 4; the check at step 4 must see it.
                                models.discriminator().getBlock().getParameters().valueAt(0)
                                        .getArray().muli(Float.POSITIVE_INFINITY);
                            }
                        }
                    };
            TrainingDivergedException error =
                    expectThrows(
                            TrainingDivergedException.class,
                            () -> trainer.fit(20, List.of(poison)));
            assertTrue(error.getMessage().contains("up to step 4"), error.getMessage());
        }
    }
}
