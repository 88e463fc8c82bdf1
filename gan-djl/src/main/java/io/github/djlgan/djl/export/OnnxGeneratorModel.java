package io.github.djlgan.djl.export;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.export.proto.OnnxProto.ModelProto;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.serving.GeneratorModel;
import io.github.djlgan.djl.serving.GeneratorTranslatorFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A generator exported to ONNX, as a model directory for DJL's OnnxRuntime engine:
 *
 * <pre>
 * DIR/
 *   generator.onnx       the network ({@link GeneratorOnnx}), weights included
 *   gan-config.json      the training configuration: latent size, prior, classes, image shape
 *   synset.txt           a conditional generator's class names, one a line (see {@link
 *                        GeneratorModel}); absent where the classes go by number
 *   serving.properties   engine=OnnxRuntime, the translator factory and the model name
 * </pre>
 *
 * <p>It loads with {@code Criteria.builder().optEngine("OnnxRuntime").optModelPath(DIR)
 * .optTranslatorFactory(new GeneratorTranslatorFactory())}, or with {@link #load}, which reads
 * nothing from the directory but the .onnx file and gan-config.json: no class or library that a
 * directory names is loaded (DJL's defaults honour serving.properties' {@code translatorFactory},
 * {@code blockFactory} and {@code option.customOpLibrary}; do not point them at untrusted
 * directories). Only this toolkit and DJL's OnnxRuntime engine are needed on the class path, not a
 * training engine.
 */
public final class OnnxGeneratorModel {

    /** The model file's name. */
    public static final String FILE = GeneratorModel.NAME + ".onnx";

    /** The DJL engine that runs the exported model. */
    public static final String ENGINE = "OnnxRuntime";

    /** What an export directory holds; anything else means it is not one. */
    private static final Set<String> CONTENTS =
            Set.of(FILE, GeneratorModel.CONFIG, GeneratorModel.SYNSET,
                    GeneratorModel.SERVING_PROPERTIES);

    private OnnxGeneratorModel() {}

    /**
     * Exports a generator into a model directory. Everything is written into a temporary sibling
     * directory first and renamed in one step, so the directory, if it exists, is complete; an
     * earlier export at the same path is replaced.
     *
     * @param models the models, G's parameters as they should be exported
     * @param config the configuration the models were built from
     * @param classNames the class names of a conditional generator (see {@link
     *     GeneratorOnnx#toOnnx}), else empty; written to synset.txt and, where the configuration
     *     has none, into gan-config.json
     * @param directory the model directory to write
     * @return the size of the .onnx file, in bytes
     * @throws IOException if writing fails; nothing is left at {@code directory} then
     * @throws InvalidInputException if {@code directory} exists and is not an earlier export, or
     *     its parent cannot be written
     */
    public static long save(
            GanModels models, TrainingConfig config, List<String> classNames, Path directory)
            throws IOException {
        ModelProto model = GeneratorOnnx.toOnnx(models, config, classNames);
        Path target = directory.toAbsolutePath().normalize();
        if (Files.exists(target) && !isExport(target)) {
            throw new InvalidInputException(
                    "'" + directory + "' exists and is not an ONNX generator export; choose"
                            + " another --out or remove it");
        }
        Path parent = target.getParent();
        Path temporary;
        try {
            Files.createDirectories(parent);
            temporary = Files.createTempDirectory(parent, "." + target.getFileName());
            readableByAll(temporary);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "Cannot write '" + directory + "': " + e.getMessage(), e);
        }
        try {
            try (OutputStream out = Files.newOutputStream(temporary.resolve(FILE))) {
                model.writeTo(out);
            }
            TrainingConfig named = classNames.isEmpty() || !config.model().classNames().isEmpty()
                    ? config
                    : config.toBuilder().optModel(m -> m.optClassNames(classNames)).build();
            Files.writeString(
                    temporary.resolve(GeneratorModel.CONFIG), named.toJson(), StandardCharsets.UTF_8);
            GeneratorModel.writeSynset(temporary, classNames);
            Files.writeString(
                    temporary.resolve(GeneratorModel.SERVING_PROPERTIES),
                    String.join(
                            System.lineSeparator(),
                            "# A djl-gan generator in ONNX (opset " + GeneratorOnnx.OPSET + ")",
                            "engine=" + ENGINE,
                            "translatorFactory=" + GeneratorTranslatorFactory.class.getName(),
                            "option.modelName=" + GeneratorModel.NAME,
                            ""),
                    StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            AtomicFiles.move(temporary, target);
        } finally {
            if (Files.exists(temporary)) {
                deleteTree(temporary);
            }
        }
        return Files.size(target.resolve(FILE));
    }

    /**
     * Tells whether a directory holds an export written by {@link #save}.
     *
     * @param directory the directory
     * @return whether it holds the .onnx file and nothing but the files an export holds
     * @throws IOException if it cannot be listed
     */
    public static boolean isExport(Path directory) throws IOException {
        if (!Files.isDirectory(directory) || !Files.isRegularFile(directory.resolve(FILE))) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.allMatch(file -> CONTENTS.contains(file.getFileName().toString()));
        }
    }

    /**
     * Loads an exported generator on DJL's OnnxRuntime engine with this toolkit's translator,
     * built here, never from a class the directory names.
     *
     * @param <I> the request type: {@code GeneratorInput}, {@code Long} (a seed) or {@code NDArray}
     *     (z)
     * @param <O> the answer type: {@code Image} or {@code float[]}
     * @param directory the model directory
     * @param input the request type
     * @param output the answer type
     * @return the model, ready for {@code newPredictor()}; close it
     * @throws IOException if reading fails
     * @throws InvalidInputException if the directory holds no export or the types do not fit it
     */
    public static <I, O> ZooModel<I, O> load(Path directory, Class<I> input, Class<O> output)
            throws IOException {
        if (!Files.isRegularFile(directory.resolve(FILE))) {
            throw new InvalidInputException(
                    "'" + directory + "' holds no exported generator (" + FILE + "); run gan export");
        }
        Model model = Model.newInstance(GeneratorModel.NAME, Device.cpu(), ENGINE);
        try {
            model.load(directory, GeneratorModel.NAME, Map.of());
            Translator<I, O> translator =
                    new GeneratorTranslatorFactory().newInstance(input, output, model, Map.of());
            return new ZooModel<>(model, translator);
        } catch (MalformedModelException | TranslateException e) {
            model.close();
            throw new InvalidInputException(
                    "Cannot load the generator in '" + directory + "': " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A temporary directory is private (0700); an export is for others to read too. */
    private static void readableByAll(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(
                    directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: it keeps the platform's default
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
