package io.github.djlgan.djl.eval;

import ai.djl.Device;
import ai.djl.engine.Engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Trains the evaluation classifier of an image collection once and keeps it: {@code
 * ROOT/classifier/<collection>/classifier.params} (DJL's engine-neutral parameters) beside {@code
 * classifier.json}, which records the parameters' SHA-256, the test accuracy and how it was
 * trained. ROOT is {@code $GAN_CACHE_DIR}, else {@code ~/.cache/djl-gan}. A classifier whose file
 * does not match its checksum is trained again, never used.
 */
public final class ClassifierCache {

    /** The environment variable that moves the cache. */
    public static final String CACHE_VARIABLE = "GAN_CACHE_DIR";

    /** Passes over the training images; three give about 91% on Fashion-MNIST. */
    public static final int EPOCHS = 3;

    private static final String PARAMETERS = "classifier.params";
    private static final String DESCRIPTION = "classifier.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ClassifierCache() {}

    /**
     * What the cache records about a classifier.
     *
     * @param collection the image collection it was trained on
     * @param classes the number of classes
     * @param epochs passes over the training images
     * @param seed the seed of its shuffling and initialisation
     * @param testAccuracy its accuracy on the collection's test images
     * @param sha256 the SHA-256 of its parameter file, in hex
     * @param engine the engine that trained it
     * @param created when
     */
    public record Entry(
            String collection,
            int classes,
            int epochs,
            long seed,
            double testAccuracy,
            String sha256,
            String engine,
            String created) {}

    /**
     * A classifier ready to use.
     *
     * @param classifier the network; the caller closes it
     * @param entry what the cache records about it
     * @param folder where it is kept
     * @param trainedNow whether it was trained by this call
     */
    public record Loaded(ImageClassifier classifier, Entry entry, Path folder, boolean trainedNow) {}

    /**
     * Returns the cache root: {@code $GAN_CACHE_DIR}, else {@code ~/.cache/djl-gan}.
     *
     * @return the root folder
     */
    public static Path defaultRoot() {
        String configured = System.getenv(CACHE_VARIABLE);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "djl-gan");
    }

    /**
     * Loads the collection's classifier from the cache, training and caching it first when it is
     * missing or damaged.
     *
     * @param root the cache root
     * @param collection the collection's name, e.g. {@code fashion-mnist}
     * @param train its training images
     * @param test its test images
     * @param engine the engine to run on
     * @param device the device
     * @param epochs passes over the training images if it must be trained
     * @param log where to say that it trains
     * @return the classifier
     * @throws IOException if the cache cannot be read or written
     */
    public static Loaded obtain(
            Path root,
            String collection,
            IdxImageDataset train,
            IdxImageDataset test,
            Engine engine,
            Device device,
            int epochs,
            Consumer<String> log)
            throws IOException {
        Path folder = root.resolve("classifier").resolve(collection);
        Path parameters = folder.resolve(PARAMETERS);
        Path description = folder.resolve(DESCRIPTION);
        int classes = classes(train);
        int size = (int) train.imageShape().get(1);
        if (Files.isRegularFile(parameters) && Files.isRegularFile(description)) {
            Entry entry = read(description);
            byte[] bytes = Files.readAllBytes(parameters);
            if (entry != null && sha256(bytes).equals(entry.sha256())
                    && entry.classes() == classes) {
                ImageClassifier classifier =
                        ImageClassifier.create(engine, device, classes, size);
                try {
                    classifier.loadParameters(bytes);
                } catch (IOException | RuntimeException e) {
                    classifier.close();
                    throw e;
                }
                return new Loaded(classifier, entry, folder, false);
            }
            log.accept("The cached classifier in " + folder
                    + " does not match its checksum; training it again.");
        } else {
            log.accept("Training the evaluation classifier of " + collection + " (first use, "
                    + epochs + " epochs; kept in " + folder + ") ...");
        }
        long seed = 1;
        engine.setRandomSeed((int) seed);
        ImageClassifier classifier = ImageClassifier.create(engine, device, classes, size);
        try {
            classifier.train(train, epochs, seed);
            double accuracy = classifier.accuracy(test);
            byte[] bytes = classifier.parameters();
            Entry entry = new Entry(collection, classes, epochs, seed, accuracy, sha256(bytes),
                    engine.getEngineName(), Instant.now().toString());
            Files.createDirectories(folder);
            AtomicFiles.write(parameters, out -> out.write(bytes));
            AtomicFiles.writeString(description, GSON.toJson(entry) + System.lineSeparator());
            log.accept(String.format(java.util.Locale.ROOT,
                    "Classifier trained: test accuracy %.2f%%", 100 * accuracy));
            return new Loaded(classifier, entry, folder, true);
        } catch (IOException | RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    private static int classes(IdxImageDataset train) {
        int max = 0;
        for (int i = 0; i < train.size(); i++) {
            max = Math.max(max, train.label(i));
        }
        return max + 1;
    }

    private static Entry read(Path description) throws IOException {
        try {
            return GSON.fromJson(Files.readString(description, StandardCharsets.UTF_8),
                    Entry.class);
        } catch (JsonParseException e) {
            return null;
        }
    }

    /**
     * Computes the SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return the digest in lower-case hex
     */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
