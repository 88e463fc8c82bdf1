package io.github.djlgan.djl.serving;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import org.testng.annotations.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A model directory that carries code: a class whose static initialiser writes a marker file,
 * compiled here, planted in {@code model/classes/} and in a jar in {@code model/}. DJL's defaults
 * run it as soon as {@code serving.properties} names it as {@code blockFactory} (the control);
 * the toolkit's loader ({@link GeneratorModel#criteria}, the README's) never runs it: it refuses
 * a directory naming a foreign class with one line, and loads an intact directory beside planted
 * code without touching that code.
 */
public class PlantedClassTest {

    /** The toolkit's loader never runs planted code, and refuses a foreign class name. */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void loadersRunNoCodeFromTheModelDirectory(String engine) throws Exception {
        Path root = Files.createTempDirectory("planted");
        try {
            Path directory = root.resolve("model");
            save(engine, directory);
            Path marker = root.resolve("planted-ran");
            plant(root, directory, marker);

            // Intact serving.properties, planted code beside it: loads, runs nothing.
            try (ZooModel<Long, float[]> model =
                            GeneratorModel.criteria(directory, Long.class, float[].class)
                                    .optEngine(engine)
                                    .build()
                                    .loadModel();
                    Predictor<Long, float[]> predictor = model.newPredictor()) {
                assertEquals(predictor.predict(7L).length, 2);
            }
            assertFalse(Files.exists(marker), "a class from the model directory ran");

            for (String planted : new String[] {"PlantedClass", "PlantedJar"}) {
                Path properties = directory.resolve(GeneratorModel.SERVING_PROPERTIES);
                String intact = Files.readString(properties);
                Files.writeString(properties, intact.replace(
                        GeneratorBlockFactory.class.getName(), planted));

                // The control: DJL's defaults (the factory named by the file) run the class.
                Criteria<Long, float[]> defaults =
                        Criteria.builder()
                                .setTypes(Long.class, float[].class)
                                .optModelPath(directory)
                                .optTranslatorFactory(new GeneratorTranslatorFactory())
                                .optEngine(engine)
                                .build();
                expectThrows(RuntimeException.class, defaults::loadModel);
                assertTrue(Files.exists(marker), planted + " was not run by DJL's defaults");
                Files.delete(marker);

                // The toolkit's loader: one line naming the key, and nothing ran.
                InvalidInputException refused =
                        expectThrows(
                                InvalidInputException.class,
                                () -> GeneratorModel.criteria(directory, Long.class, float[].class)
                                        .optEngine(engine)
                                        .build()
                                        .loadModel());
                assertTrue(refused.getMessage().contains("sets blockFactory=" + planted),
                        refused.getMessage());
                assertEquals(refused.getMessage().lines().count(), 1L);
                assertFalse(Files.exists(marker), planted + " ran in the toolkit's loader");
                Files.writeString(properties, intact);
            }
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    private static void save(String engine, Path directory) throws IOException {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optRuntime(r -> r.optEngine(engine))
                        .optModel(m -> m.optHiddenWidth(8).optHiddenLayers(1))
                        .optSeed(2)
                        .build();
        try (GanModels models = GanSetup.models(config, Device.cpu())) {
            GeneratorModel.save(models, config, directory);
        }
    }

    /**
     * Compiles two classes whose static initialisers create the marker: {@code PlantedClass} into
     * {@code model/classes/}, {@code PlantedJar} into {@code model/planted.jar}; for the command
     * line's tests too.
     */
    public static void plant(Path root, Path directory, Path marker) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path sources = Files.createDirectories(root.resolve("sources"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path compiled = Files.createDirectories(root.resolve("compiled"));
        for (String name : new String[] {"PlantedClass", "PlantedJar"}) {
            Path source = sources.resolve(name + ".java");
            Files.writeString(source,
                    "public class " + name + " { static { try { java.nio.file.Files.writeString("
                            + "java.nio.file.Path.of(\"" + marker + "\"), \"" + name + "\"); }"
                            + " catch (Exception e) { throw new RuntimeException(e); } } }");
            Path into = name.equals("PlantedClass") ? classes : compiled;
            assertEquals(compiler.run(null, null, null, "-d", into.toString(), source.toString()),
                    0);
        }
        try (OutputStream file = Files.newOutputStream(directory.resolve("planted.jar"));
                JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("PlantedJar.class"));
            jar.write(Files.readAllBytes(compiled.resolve("PlantedJar.class")));
            jar.closeEntry();
        }
    }
}
