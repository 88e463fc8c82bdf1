package io.github.djlgan.djl.serving;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes a generator as a DJL model directory that {@code Criteria.builder().optModelPath(dir)}
 * loads on any engine, with no other code than this toolkit on the class path:
 *
 * <pre>
 * model/
 *   serving.properties     blockFactory, translatorFactory and the model name, read by DJL
 *   gan-config.json        the training configuration: architecture, sizes, noise prior
 *   generator-0000.params  the parameters in DJL's engine-neutral format
 * </pre>
 */
public final class GeneratorModel {

    /** The model name, and the prefix of the parameter file. */
    public static final String NAME = "generator";

    /** The file holding the training configuration that describes the network. */
    public static final String CONFIG = "gan-config.json";

    /** DJL's per-model settings file. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private GeneratorModel() {}

    /**
     * Writes the generator of trained models into a new model directory, under a temporary name
     * renamed at the end, so a directory that exists is complete.
     *
     * @param models the models, G's parameters as they should be served
     * @param config the configuration the models were built from
     * @param directory the model directory; replaced if it exists
     * @throws IOException if writing fails
     */
    public static void save(GanModels models, TrainingConfig config, Path directory)
            throws IOException {
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // A write interrupted earlier (Ctrl-C, SIGKILL) left its temporary directory behind.
        AtomicFiles.removeLeftovers(parent, directory.getFileName().toString());
        Path temporary =
                AtomicFiles.createTemporaryDirectory(parent, directory.getFileName().toString());
        models.generator().setProperty("Epoch", "0");
        models.generator().save(temporary, NAME);
        Files.writeString(temporary.resolve(CONFIG), config.toJson(), StandardCharsets.UTF_8);
        Files.writeString(
                temporary.resolve(SERVING_PROPERTIES),
                String.join(
                        System.lineSeparator(),
                        "# A djl-gan generator: load with Criteria.builder().optModelPath(dir)",
                        "blockFactory=" + GeneratorBlockFactory.class.getName(),
                        "translatorFactory=" + GeneratorTranslatorFactory.class.getName(),
                        "option.modelName=" + NAME,
                        ""),
                StandardCharsets.UTF_8);
        if (Files.isDirectory(directory)) {
            AtomicFiles.deleteTree(directory);
        }
        AtomicFiles.move(temporary, directory);
    }

    /**
     * Reads the configuration stored in a model directory.
     *
     * @param directory the model directory
     * @return the configuration
     * @throws IOException if reading fails
     * @throws InvalidInputException if the directory holds no generator written by {@link #save}
     */
    public static TrainingConfig config(Path directory) throws IOException {
        try {
            return TrainingConfig.fromJson(
                    Files.readString(directory.resolve(CONFIG), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(
                    "'" + directory + "' is not a djl-gan generator: " + CONFIG + " is missing",
                    e);
        }
    }
}
