package io.github.djlgan.djl.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.LogCapture;
import io.github.djlgan.djl.TestEngines;
import io.github.djlgan.djl.data.ImageFixtures;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.serving.GeneratorInput;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.serving.GeneratorTranslatorFactory;

import org.apache.logging.log4j.Level;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A conditional run on an image folder records its classes' names as read, a class folder without
 * a readable picture left out, in config.json and in model/ (gan-config.json and DJL's
 * synset.txt); the generator is asked for a class by name or by number alike, and a model/ from
 * before names were recorded still answers numbers. A resume must find the same classes.
 */
public class ClassNamesRunTest {

    private static final TrainingRun.Options OPTIONS = new TrainingRun.Options(false, false, null);

    /** ants and cats with 8 solid pictures each; bees with damaged files only. */
    private static Path folder(Path root) throws IOException {
        return ImageFixtures.writeClassesWithAnEmptyOne(root.resolve("pictures"));
    }

    /** A conditional paper-MLP run made as gan train --conditional makes it. */
    private static TrainingConfig config(Path pictures, String engine, long steps)
            throws IOException {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .optRuntime(r -> r.optEngine(engine))
                .optData(d -> d.optDataset("folder:" + pictures).optImageSize(8).optChannels(1)
                        .optBatchSize(4))
                .optModel(m -> m.optArchitecture(ArchitectureKind.PAPER_MLP).optHiddenWidth(10)
                        .optLatentDim(4))
                .optLoop(l -> l.optSteps(steps))
                .optCadence(c -> c.optLogEvery(1).optSampleEvery(0).optCheckpointEvery(2))
                .optSeed(3);
        return RunPlanning.conditional(builder).build();
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void namesSurviveIntoConfigAndModelAndANameAsksForItsNumber(String engine)
            throws IOException, ModelNotFoundException, MalformedModelException,
                    TranslateException {
        Path root = Files.createTempDirectory("class-names-" + engine);
        try {
            Path pictures = folder(root);
            TrainingConfig config = config(pictures, engine, 2);
            assertEquals(config.model().classes(), 3, "counted from the folders, not yet read");
            Path run = root.resolve("run");
            try (LogCapture log = LogCapture.of(ImageFolderDataset.class)) {
                TrainingRun.execute(config, run, OPTIONS);
                List<String> dropped = log.messages(Level.WARN).stream()
                        .filter(message -> message.contains("Dropped the class 'bees'")).toList();
                assertEquals(dropped.size(), 1, log.messages(Level.WARN).toString());
            }
            TrainingConfig recorded =
                    TrainingConfig.fromJson(Files.readString(run.resolve("config.json")));
            assertEquals(recorded.model().classes(), 2);
            assertEquals(recorded.model().classNames(), List.of("ants", "cats"));
            Path model = run.resolve("model");
            assertEquals(Files.readAllLines(model.resolve(GeneratorModel.SYNSET)),
                    List.of("ants", "cats"));
            assertEquals(GeneratorModel.config(model).model().classNames(),
                    List.of("ants", "cats"));

            float[] cats;
            try (ZooModel<GeneratorInput, float[]> loaded = load(model, engine);
                    Predictor<GeneratorInput, float[]> predictor = loaded.newPredictor()) {
                cats = predictor.predict(GeneratorInput.ofSeed(7).withClass("cats"));
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withLabel(1)), cats);
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withClass("1")), cats);
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withClass("CATS")), cats);
                float[] ants = predictor.predict(GeneratorInput.ofSeed(7).withClass("ants"));
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withLabel(0)), ants);
                assertFalse(Arrays.equals(ants, cats), "the label changes G's output");
                for (GeneratorInput refused : List.of(GeneratorInput.ofSeed(7).withClass("bees"),
                        GeneratorInput.ofSeed(7).withLabel(2))) {
                    TranslateException error = expectThrows(TranslateException.class,
                            () -> predictor.predict(refused));
                    assertTrue(error.getMessage().contains(
                            "is not a class; the classes are 0 \"ants\", 1 \"cats\""),
                            error.getMessage());
                }
            }

            // A model/ written before names were recorded: no synset.txt, no classNames.
            Path legacy = root.resolve("legacy-model");
            Files.createDirectories(legacy);
            try (var files = Files.list(model)) {
                for (Path file : files.toList()) {
                    if (!file.getFileName().toString().equals(GeneratorModel.SYNSET)) {
                        Files.copy(file, legacy.resolve(file.getFileName()));
                    }
                }
            }
            JsonObject json = JsonParser.parseString(
                    Files.readString(legacy.resolve(GeneratorModel.CONFIG))).getAsJsonObject();
            json.getAsJsonObject("model").remove("classNames");
            Files.writeString(legacy.resolve(GeneratorModel.CONFIG), json.toString());
            try (ZooModel<GeneratorInput, float[]> loaded = load(legacy, engine);
                    Predictor<GeneratorInput, float[]> predictor = loaded.newPredictor()) {
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withLabel(1)), cats);
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withClass("1")), cats);
                TranslateException error = expectThrows(TranslateException.class,
                        () -> predictor.predict(GeneratorInput.ofSeed(7).withClass("cats")));
                assertTrue(error.getMessage().contains("the classes are 0 to 1"),
                        error.getMessage());
            }

            // synset.txt names the classes, as DJL's convention has it: edited, it renames them.
            Files.write(legacy.resolve(GeneratorModel.SYNSET), List.of("formicidae", "felidae"));
            try (ZooModel<GeneratorInput, float[]> loaded = load(legacy, engine);
                    Predictor<GeneratorInput, float[]> predictor = loaded.newPredictor()) {
                assertEquals(predictor.predict(GeneratorInput.ofSeed(7).withClass("felidae")),
                        cats);
            }
            Files.write(legacy.resolve(GeneratorModel.SYNSET), List.of("a", "b", "c"));
            try (ZooModel<GeneratorInput, float[]> loaded = load(legacy, engine);
                    Predictor<GeneratorInput, float[]> predictor = loaded.newPredictor()) {
                TranslateException error = expectThrows(TranslateException.class,
                        () -> predictor.predict(GeneratorInput.ofSeed(7).withLabel(1)));
                assertTrue(error.getMessage().contains(GeneratorModel.SYNSET + ": classNames must"
                        + " name each of the 2 classes once, got 3 names"), error.getMessage());
            }
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    /**
     * A resume keeps the names; one whose folder gained a class, or whose class was renamed, is
     * refused with one line and leaves config.json as it was; a run from before names were
     * recorded records them when it resumes.
     */
    @Test
    public void aResumeMustFindTheRecordedClasses() throws IOException {
        Path root = Files.createTempDirectory("class-names-resume");
        try {
            Path pictures = folder(root);
            Path run = root.resolve("run");
            TrainingRun.execute(config(pictures, "PyTorch", 2), run, OPTIONS);
            Path configFile = run.resolve("config.json");
            TrainingConfig recorded = TrainingConfig.fromJson(Files.readString(configFile));
            TrainingConfig more = recorded.toBuilder().optLoop(l -> l.optSteps(4)).build();

            ImageFixtures.writePicture(
                    pictures.resolve("dogs/d0.png"), 8, 8, ImageFixtures.WHITE, "png");
            String before = Files.readString(configFile);
            InvalidInputException gained = expectThrows(InvalidInputException.class,
                    () -> TrainingRun.resume(more, run, OPTIONS));
            assertEquals(gained.getMessage(), "Cannot resume: folder:" + pictures
                    + " has 3 classes [ants, cats, dogs], but the run is conditional on 2:"
                    + " [ants, cats]");
            AtomicFiles.deleteTree(pictures.resolve("dogs"));
            Files.move(pictures.resolve("cats"), pictures.resolve("kats"));
            InvalidInputException renamed = expectThrows(InvalidInputException.class,
                    () -> TrainingRun.resume(more, run, OPTIONS));
            assertTrue(renamed.getMessage().contains("has 2 classes [ants, kats]"),
                    renamed.getMessage());
            assertEquals(Files.readString(configFile), before);
            Files.move(pictures.resolve("kats"), pictures.resolve("cats"));

            // As a run from before names were recorded: they are recorded on resuming.
            JsonObject json = JsonParser.parseString(before).getAsJsonObject();
            json.getAsJsonObject("model").remove("classNames");
            Files.writeString(configFile, json.toString());
            TrainingConfig legacy = TrainingConfig.fromJson(Files.readString(configFile));
            assertEquals(legacy.model().classNames(), List.of());
            TrainingRun.resume(legacy.toBuilder().optLoop(l -> l.optSteps(4)).build(), run,
                    OPTIONS).train();
            TrainingConfig resumed = TrainingConfig.fromJson(Files.readString(configFile));
            assertEquals(resumed.model().classNames(), List.of("ants", "cats"));
            assertEquals(resumed.loop().steps(), 4);
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }

    private static ZooModel<GeneratorInput, float[]> load(Path model, String engine)
            throws IOException, ModelNotFoundException, MalformedModelException {
        return Criteria.builder()
                .setTypes(GeneratorInput.class, float[].class)
                .optModelPath(model)
                .optTranslatorFactory(new GeneratorTranslatorFactory())
                .optEngine(engine)
                .build()
                .loadModel();
    }
}
