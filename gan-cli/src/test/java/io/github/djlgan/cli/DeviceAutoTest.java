package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code gan train --device auto}: the run says in train.log which device auto chose, and
 * manifest.json keeps both the request and the device used, across a resume on another device.
 */
public class DeviceAutoTest {

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    private Level rootLevel;

    /**
     * The command line's log4j2.xml lets INFO through to train.log; the tests' configuration (the
     * gan-djl test jar's log4j2-test.xml) stops at WARN. These tests read train.log as a user's run
     * writes it.
     */
    @BeforeClass
    public void logInfoAsTheCommandLineDoes() {
        rootLevel = LogManager.getRootLogger().getLevel();
        Configurator.setRootLevel(Level.INFO);
    }

    @AfterClass(alwaysRun = true)
    public void restoreTheTestsLogLevel() {
        Configurator.setRootLevel(rootLevel);
    }

    @Test(dataProvider = "engines")
    public void autoIsLoggedAndRecordedBesideTheDeviceUsed(String engine) throws IOException {
        Path run = Files.createTempDirectory("device-auto").resolve("run");
        CliResult first =
                CliResult.run(
                        "train", "--engine", engine, "--device", "auto", "--steps", "20",
                        "--checkpoint-every", "10", "--sample-every", "20", "--seed", "5",
                        "--no-progress", "--out", run.toString());
        assertEquals(first.code(), 0, first.err());
        boolean gpu = Engine.getEngine(engine).getGpuCount() > 0;
        String used = gpu ? "gpu(0)" : "cpu()";
        String log = Files.readString(run.resolve("train.log"));
        String sees = gpu ? Engine.getEngine(engine).getGpuCount() + " GPU(s)" : "no GPU";
        assertTrue(
                log.contains(" on " + engine + " " + used + " (--device auto: the " + engine
                        + " engine sees " + sees + ") for 20 steps"),
                log);
        JsonObject manifest = manifest(run);
        assertEquals(manifest.get("deviceRequested").getAsString(), "auto");
        assertEquals(manifest.get("device").getAsString(), used);

        CliResult resumed =
                CliResult.run(
                        "train", "--resume", run.toString(), "--steps", "30", "--device", "cpu",
                        "--no-progress");
        assertEquals(resumed.code(), 0, resumed.err());
        JsonObject after = manifest(run);
        assertEquals(after.get("deviceRequested").getAsString(), "cpu");
        assertEquals(after.get("device").getAsString(), "cpu()");
        JsonObject before = after.getAsJsonArray("history").get(0).getAsJsonObject();
        assertEquals(before.get("deviceRequested").getAsString(), "auto");
        assertEquals(before.get("device").getAsString(), used);
        assertEquals(before.get("leftAtStep").getAsLong(), 20);
    }

    private static JsonObject manifest(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("manifest.json")))
                .getAsJsonObject();
    }
}
