package io.github.djlgan.djl.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

public class ReferenceTrainingTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void iterationsOfEveryModelGiveAFiniteLoss(String engine) {
        for (ReferenceModel model : ReferenceModel.values()) {
            try (ReferenceTraining training =
                    ReferenceTraining.create(model, engine, Device.cpu(), 1)) {
                training.iterate(2);
                double loss = training.finish();
                // Two D updates from a random start: the BCE of a near-chance D, about 2 ln 2.
                assertTrue(Double.isFinite(loss) && loss > 0 && loss < 5, model + ": " + loss);
                assertEquals(training.model(), model);
            }
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void iterationsLeaveNoArrayInTheModelsManagers(String engine) {
        // Every model, DCGAN's ConvTranspose2d included: a forward pass must not attach what it computes
        // from a parameter to the model's manager, or each step would keep it.
        for (ReferenceModel model : ReferenceModel.values()) {
            try (ReferenceTraining training =
                    ReferenceTraining.create(model, engine, Device.cpu(), 2)) {
                training.iterate(1);
                training.finish();
                int generatorArrays = arrays(training.models().generator().getNDManager());
                int discriminatorArrays =
                        arrays(training.models().discriminator().getNDManager());
                training.iterate(2);
                training.finish();
                assertEquals(
                        arrays(training.models().generator().getNDManager()),
                        generatorArrays,
                        model + " G");
                assertEquals(
                        arrays(training.models().discriminator().getNDManager()),
                        discriminatorArrays,
                        model + " D");
            }
        }
    }

    private static int arrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theSameSeedRepeatsTheLossOnOneEngine(String engine) {
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (ReferenceTraining training =
                    ReferenceTraining.create(ReferenceModel.RING_MLP, engine, Device.cpu(), 4)) {
                training.iterate(3);
                losses[run] = training.finish();
            }
        }
        assertEquals(losses[1], losses[0], 1e-6 * Math.abs(losses[0]));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void matmulPeakIsPositive(String engine) {
        assertTrue(MatmulPeak.measure(engine, Device.cpu(), 64, 2, 1) > 0);
    }
}
