package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class EnginesCommandTest {

    @Test
    public void listsBothEnginesWithVersionsAndDevices() {
        CliResult result = CliResult.run("engines");
        assertEquals(result.code(), 0, result.err());
        assertTrue(result.out().matches("(?s).*PyTorch\\s+2\\.7\\.1\\s+devices: cpu.*"),
                result.out());
        assertTrue(result.out().matches("(?s).*MXNet\\s+1\\.9\\.\\d\\s+devices: cpu.*"),
                result.out());
    }

    @Test
    public void helpOfEveryCommandExitsZero() {
        for (String command : new String[] {"train", "sample", "engines", "export", "serve"}) {
            CliResult result = CliResult.run(command, "--help");
            assertEquals(result.code(), 0);
            assertTrue(result.out().contains("Usage: gan " + command), result.out());
        }
    }
}
