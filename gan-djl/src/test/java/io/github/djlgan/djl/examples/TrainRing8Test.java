package io.github.djlgan.djl.examples;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.RunDirectory;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's Java example, run as a user would, on both engines. */
public class TrainRing8Test {

    /**
     * After 3,000 steps the example's run directory is complete and its generator's points lie on
     * the ring of radius 2 (mean distance from the origin within 0.25 of it; an untrained
     * generator's points sit near the origin).
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theExampleTrainsAndSamples(String engine) throws IOException {
        Path directory = Files.createTempDirectory("example-" + engine);
        try {
            float[] points = TrainRing8.runExample(engine, directory.resolve("run"), 3000, 200);
            assertEquals(points.length, 400);
            double radius = 0;
            for (int i = 0; i < points.length; i += 2) {
                radius += Math.hypot(points[i], points[i + 1]) / 200;
            }
            assertEquals(radius, 2.0, 0.25, engine);
            assertTrue(Files.isRegularFile(
                    directory.resolve("run").resolve(RunDirectory.MODEL).resolve("serving.properties")));
        } finally {
            AtomicFiles.deleteTree(directory);
        }
    }
}
