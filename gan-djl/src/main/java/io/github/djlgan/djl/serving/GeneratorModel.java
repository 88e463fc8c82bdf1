package io.github.djlgan.djl.serving;

import ai.djl.repository.zoo.Criteria;
import ai.djl.util.Utils;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes a generator as a DJL model directory that {@link #criteria} (DJL's {@code Criteria} with
 * this toolkit's factories) loads on any engine, with no other code than this toolkit on the class
 * path:
 *
 * <pre>
 * model/
 *   serving.properties     blockFactory, translatorFactory and the model name, read by DJL
 *   gan-config.json        the training configuration: architecture, sizes, noise prior, the
 *                          classes' names (model.classNames)
 *   synset.txt             a conditional generator's class names, one a line, label 0 first
 *                          (DJL's convention for class names); absent when they are unknown
 *   generator-0000.params  the parameters in DJL's engine-neutral format
 * </pre>
 *
 * <p>Class names: the translator reads {@code synset.txt} as DJL's image classification
 * translators read theirs (from the model directory, one name a line, UTF-8), so editing it
 * renames the classes; without it, gan-config.json's names; without those (directories written
 * before names were recorded) the classes go by number.
 */
public final class GeneratorModel {

    /** The model name, and the prefix of the parameter file. */
    public static final String NAME = "generator";

    /** The file holding the training configuration that describes the network. */
    public static final String CONFIG = "gan-config.json";

    /** The key of serving.properties (and of a Criteria argument) naming the block factory. */
    static final String BLOCK_FACTORY = "blockFactory";
    /** The file naming the classes, one a line, label 0 first: DJL's synset convention. */
    public static final String SYNSET = "synset.txt";

    /** The largest synset.txt read, in bytes: far more than any list of class names needs. */
    static final long MAX_SYNSET_BYTES = 1 << 20;

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
        writeSynset(temporary, config.model().classNames());
        Files.writeString(
                temporary.resolve(SERVING_PROPERTIES),
                "# A djl-gan generator: load with GeneratorModel.criteria(dir, input, output)"
                        + System.lineSeparator()
                        + servingProperties().entrySet().stream()
                                .map(entry -> entry.getKey() + "=" + entry.getValue()
                                        + System.lineSeparator())
                                .collect(Collectors.joining()),
                StandardCharsets.UTF_8);
        if (Files.isDirectory(directory)) {
            AtomicFiles.deleteTree(directory);
        }
        AtomicFiles.move(temporary, directory);
    }

    /**
     * Starts a DJL {@code Criteria} that loads a generator model directory without running any
     * code the directory names. DJL's defaults read {@code blockFactory} and {@code
     * translatorFactory} from the directory's {@code serving.properties} and load those classes,
     * from {@code classes/} or a jar in the directory too ({@code Class.forName} with
     * initialisation, so a static initialiser runs before DJL checks the type); here both
     * factories are this toolkit's own objects, which DJL uses instead of any name ({@code
     * BaseModelLoader} takes a {@code BlockFactory} object given as an argument over the file's).
     * The block factory builds the network from {@code gan-config.json} and refuses a directory
     * whose {@code serving.properties} names anything else ({@link #checkServingProperties}), or
     * whose {@code *.params} files are not exactly this generator's, truncated or declaring
     * another data type, shape or length ({@code ParameterFiles.verifyModel}), before DJL reads
     * them: {@code loadModel()} then throws an {@link InvalidInputException}, one line naming the
     * file.
     *
     * @param <I> the request type: {@link GeneratorInput}, {@code Long} (a seed) or {@code
     *     NDArray} (z)
     * @param <O> the answer type: {@code Image} or {@code float[]}
     * @param directory the model directory
     * @param input the request type
     * @param output the answer type
     * @return the builder, to which an engine ({@code optEngine}) or device may be added
     */
    public static <I, O> Criteria.Builder<I, O> criteria(
            Path directory, Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelPath(directory)
                .optTranslatorFactory(new GeneratorTranslatorFactory())
                .optArgument(BLOCK_FACTORY, new GeneratorBlockFactory());
    }

    /**
     * Checks that a model directory's {@code serving.properties} holds only what {@link #save}
     * writes: this toolkit's block and translator factories and the model name. A file naming
     * another class, another parameter file or any other setting is refused: DJL's defaults would
     * load and run a class it names.
     *
     * @param directory the model directory
     * @throws InvalidInputException naming the key and its value, if anything else is set
     * @throws IOException if the file cannot be read
     */
    public static void checkServingProperties(Path directory) throws IOException {
        Path file = directory.resolve(SERVING_PROPERTIES);
        if (!Files.isRegularFile(file)) {
            return; // DJL then names no class either
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> accepted = servingProperties();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key);
            if (!value.equals(accepted.get(key))) {
                throw new InvalidInputException(
                        file + " sets " + key + "=" + value + "; this toolkit loads only its own"
                                + " generators (" + String.join(", ", accepted.keySet())
                                + " as it writes them), and DJL's defaults would load and run a"
                                + " class such a file names: do not load this directory with them");
            }
        }
    }

    /** What {@link #save} writes into serving.properties, in order. */
    private static Map<String, String> servingProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(BLOCK_FACTORY, GeneratorBlockFactory.class.getName());
        properties.put("translatorFactory", GeneratorTranslatorFactory.class.getName());
        properties.put("option.modelName", NAME);
        return properties;
    }

    /**
     * Writes {@code synset.txt} naming the classes, one a line, label 0 first, unless there are
     * no names.
     *
     * @param directory the model directory
     * @param classNames the names, or none
     * @throws IOException if writing fails
     */
    public static void writeSynset(Path directory, List<String> classNames) throws IOException {
        if (!classNames.isEmpty()) {
            Files.write(directory.resolve(SYNSET), classNames, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads the classes of a model directory's generator: {@code synset.txt} where it exists
     * (parsed as DJL's {@code Utils.readLines} parses a synset), else the configuration's names,
     * else the labels' numbers.
     *
     * @param directory the model directory, or null to take the configuration's names
     * @param config its configuration
     * @return the classes; none for an unconditional generator
     * @throws IOException if synset.txt cannot be read
     * @throws InvalidInputException if synset.txt is larger than 1 MiB, or does not name each
     *     class once, one a line
     */
    public static ClassNames classNames(Path directory, TrainingConfig config) throws IOException {
        int classes = config.model().classes();
        Path synset = directory == null ? null : directory.resolve(SYNSET);
        if (synset == null || classes == 0 || !Files.isRegularFile(synset)) {
            return config.model().labels();
        }
        if (Files.size(synset) > MAX_SYNSET_BYTES) {
            throw new InvalidInputException(
                    synset + " is larger than " + MAX_SYNSET_BYTES + " bytes; it names classes");
        }
        List<String> names;
        try (InputStream in = Files.newInputStream(synset)) {
            names = Utils.readLines(in);
        }
        try {
            return ClassNames.of(names, classes);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(synset + ": " + e.getMessage(), e);
        }
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
