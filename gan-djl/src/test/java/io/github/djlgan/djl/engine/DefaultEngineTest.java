package io.github.djlgan.djl.engine;

import static org.testng.Assert.assertEquals;

import ai.djl.ndarray.NDManager;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

/**
 * The engine a run chooses is also the one DJL's default-engine code paths use (the activations'
 * shape inference), so that a PyTorch run never computes on MXNet.
 */
public class DefaultEngineTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void loadingAnEngineMakesItTheDefault(String engine) {
        Engines.load(engine.toLowerCase(java.util.Locale.ROOT));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(manager.getEngine().getEngineName(), engine);
        }
    }
}
