package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;

import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.serving.GeneratorBlockFactory;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.serving.PlantedClassTest;

import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line's loaders of a trained generator ({@code gan sample}, {@code gan interpolate},
 * {@code gan serve}) run no code from the run's {@code model/}: with classes planted there (in
 * {@code classes/} and a jar) and named by its serving.properties, they work, and the planted
 * static initialiser never writes its marker. (They build the generator from the run's config and
 * checkpoint; {@code model/} is for DJL users, see {@code PlantedClassTest} for its loader.)
 */
public class ModelDirectoryCodeTest {

    @Test
    public void commandsRunNoCodeFromTheModelDirectory() throws Exception {
        Path root = Files.createTempDirectory("cli-planted");
        try {
            Path run = TinyRuns.conditionalDcgan(root, 3);
            Path model = run.resolve(RunDirectory.MODEL);
            Path marker = root.resolve("planted-ran");
            PlantedClassTest.plant(root, model, marker);
            Path properties = model.resolve(GeneratorModel.SERVING_PROPERTIES);
            Files.writeString(properties, Files.readString(properties)
                    .replace(GeneratorBlockFactory.class.getName(), "PlantedClass")
                    .replace("translatorFactory=", "translatorFactory=PlantedJar#"));

            CliResult sampled = CliResult.run("sample", "--run", run.toString(), "--count", "4",
                    "--out", root.resolve("samples").toString());
            assertEquals(sampled.code(), 0, sampled.err());
            CliResult interpolated = CliResult.run("interpolate", "--run", run.toString(),
                    "--rows", "1", "--steps", "3", "--out", root.resolve("walk.png").toString());
            assertEquals(interpolated.code(), 0, interpolated.err());
            try (ServedGenerator served = ServedGenerator.open(run, null, "latest", 1)) {
                assertEquals(served.config().model().classes(), 10);
            }
            assertFalse(Files.exists(marker), "a class from model/ ran");
        } finally {
            TinyRuns.deleteTree(root);
        }
    }
}
