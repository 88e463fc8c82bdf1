package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's GPU arrangement (gan-cli/src/main/sh/gpu-natives.sh), run by its bash test with a
 * fake {@code nvidia-smi} on PATH: which class path and DJL environment {@code --device gpu} and
 * {@code auto} get, and the one-line refusals with exit code 2.
 */
public class GpuLauncherTest {

    @Test
    public void theLauncherArrangesCudaOrSaysTheFix() throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "sh", "gpu-natives-test.sh");
        assertTrue(Files.isRegularFile(script), "run from the gan-cli module: " + script);
        Process process =
                new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(process.exitValue(), 0, output);
        assertTrue(output.contains("17 passed, 0 failed"), output);
    }
}
