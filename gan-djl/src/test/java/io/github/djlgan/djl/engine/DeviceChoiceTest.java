package io.github.djlgan.djl.engine;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.LogCapture;
import io.github.djlgan.djl.TestEngines;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.testng.annotations.Test;

import java.util.List;

/** {@code --device}: every spec against machines with 0, 1 and 2 GPUs, and on the real engines. */
public class DeviceChoiceTest {

    @Test
    public void autoTakesTheFirstGpuWhenThereIsOneAndSaysSo() {
        // The tests' root level is WARN; the choice is logged at INFO, as train.log records it.
        Level before = LogManager.getLogger(Engines.class).getLevel();
        Configurator.setLevel(Engines.class.getName(), Level.INFO);
        try (LogCapture log = LogCapture.of(Engines.class)) {
            assertEquals(Engines.device("auto", "PyTorch", 0), Device.cpu());
            assertEquals(Engines.device("AUTO", "PyTorch", 1), Device.gpu(0));
            assertEquals(Engines.device(" auto ", "MXNet", 2), Device.gpu(0));
            List<String> lines = log.messages(Level.INFO);
            assertEquals(lines.size(), 3, lines.toString());
            assertEquals(lines.get(0), "Device auto: the PyTorch engine sees no GPU; using cpu()");
            assertEquals(lines.get(1), "Device auto: the PyTorch engine sees 1 GPU(s); using gpu(0)");
            assertEquals(lines.get(2), "Device auto: the MXNet engine sees 2 GPU(s); using gpu(0)");
        } finally {
            Configurator.setLevel(Engines.class.getName(), before);
        }
    }

    @Test
    public void explicitDevicesAreTakenAsWrittenWhenTheEngineSeesThem() {
        assertEquals(Engines.device("cpu", "PyTorch", 2), Device.cpu());
        assertEquals(Engines.device("gpu", "PyTorch", 1), Device.gpu(0));
        assertEquals(Engines.device("GPU:1", "PyTorch", 2), Device.gpu(1));
    }

    @Test
    public void aGpuTheEngineCannotSeeIsOneClearRefusal() {
        InvalidInputException none =
                expectThrows(InvalidInputException.class, () -> Engines.device("gpu", "MXNet", 0));
        assertTrue(none.getMessage().contains("the MXNet engine sees no GPU"), none.getMessage());
        assertTrue(none.getMessage().contains("docs/engines.md"), none.getMessage());
        InvalidInputException outside =
                expectThrows(
                        InvalidInputException.class, () -> Engines.device("gpu:2", "PyTorch", 2));
        assertTrue(outside.getMessage().contains("2 GPU(s): gpu:0 to gpu:1"), outside.getMessage());
        assertThrows(InvalidInputException.class, () -> Engines.device("gpu:-1", "PyTorch", 2));
        assertThrows(InvalidInputException.class, () -> Engines.device("gpu:x", "PyTorch", 2));
        assertThrows(InvalidInputException.class, () -> Engines.device("cuda", "PyTorch", 2));
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void autoOnTheRealEngineFollowsTheGpusItSees(String name) {
        Engine engine = Engines.load(name);
        Device expected = engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        assertEquals(Engines.device(engine, "auto"), expected);
        assertEquals(Engines.device(engine, "cpu"), Device.cpu());
    }
}
