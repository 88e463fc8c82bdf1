package io.github.djlgan.djl.eval;

import ai.djl.Device;
import ai.djl.engine.Engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains an evaluation network ({@link ImageClassifier}) once and keeps it: {@code
 * ROOT/classifier/<name>/classifier.params} (DJL's engine-neutral parameters) beside {@code
 * classifier.json}, which records the parameters' SHA-256, the held-out accuracy and everything
 * that determines the network (its {@link Entry#key()}). ROOT is {@code $GAN_CACHE_DIR}, else
 * {@code ~/.cache/djl-gan}. A network whose file does not match its checksum, or whose key differs
 * from the one asked for, is trained again, never used.
 *
 * <p>The key holds a SHA-256 of the decoded training pixels and labels (as the network sees
 * them: {@link #contentDigest}), not of the file list with sizes and times: the same pictures give
 * the same key whatever their files' times, while a change anywhere that alters what is trained
 * on (a picture edited in place with its time kept, another background, a fix in the decoder)
 * gives a new key. The pictures are decoded for the evaluation anyway, so the digest costs one
 * pass of SHA-256 over them. Besides it the key names the task, image size, channels, background,
 * outputs, epochs and seed. The engine that trained a network is recorded, not keyed: the
 * parameters load on either engine.
 */
public final class ClassifierCache {

    /** The environment variable that moves the cache. */
    public static final String CACHE_VARIABLE = "GAN_CACHE_DIR";

    /** Passes over an IDX collection's training images; three give about 91% on Fashion-MNIST. */
    public static final int EPOCHS = 3;

    /** The seed of the networks' initialisation and shuffling. */
    public static final long SEED = 1;

    private static final String PARAMETERS = "classifier.params";
    private static final String DESCRIPTION = "classifier.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ClassifierCache() {}

    /** What an evaluation network is trained to do. */
    public enum Task {
        /** Classify the dataset's own classes (labelled images); features and probabilities. */
        CLASSES,
        /** Tell which of four rotations was applied (no labels; Gidaris et al. 2018). */
        ROTATIONS;

        /**
         * Returns the name written in reports and keys.
         *
         * @return {@code classes} or {@code rotations}
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to obtain.
     *
     * @param name the cache folder's name: an IDX collection, or a folder's label with a part of
     *     its key's digest; letters, digits, dot, dash and underscore
     * @param task what the network learns
     * @param train the images it learns from, in [-1, 1]
     * @param heldOut the images its accuracy is measured on, in [-1, 1]
     * @param background the background transparent pictures were put on, or {@code none}
     * @param epochs passes over the training images if it must be trained, at least 1
     * @param contentDigest the training images' {@link #contentDigest}, with their labels for
     *     {@link Task#CLASSES}
     */
    public record Request(
            String name,
            Task task,
            ImageDataset train,
            ImageDataset heldOut,
            String background,
            int epochs,
            String contentDigest) {

        /**
         * Describes what to obtain, computing the training images' digest.
         *
         * @param name the cache folder's name
         * @param task what the network learns
         * @param train the images it learns from, in [-1, 1]
         * @param heldOut the images its accuracy is measured on, in [-1, 1]
         * @param background the background of transparent pictures, or {@code none}
         * @param epochs passes over the training images if it must be trained
         * @return the request
         */
        public static Request of(
                String name,
                Task task,
                ImageDataset train,
                ImageDataset heldOut,
                String background,
                int epochs) {
            return new Request(name, task, train, heldOut, background, epochs,
                    ClassifierCache.contentDigest(train, task == Task.CLASSES));
        }

        /**
         * Returns the network's outputs: the classes, or the four rotations.
         *
         * @return the outputs
         */
        public int outputs() {
            return task == Task.CLASSES ? train.classNames().size() : ImageClassifier.ROTATIONS;
        }

        /**
         * Returns everything that determines the trained network, as one line.
         *
         * @return the key
         */
        public String key() {
            return String.format(Locale.ROOT,
                    "task=%s;pixels=%s;size=%d;channels=%d;background=%s;outputs=%d;epochs=%d;"
                            + "seed=%d",
                    task.id(), contentDigest,
                    train.imageShape().get(1), train.imageShape().get(0), background, outputs(),
                    epochs, SEED);
        }
    }

    /**
     * What the cache records about a network.
     *
     * @param collection the name of what it was trained on
     * @param classes the number of outputs (classes, or 4 rotations)
     * @param epochs passes over the training images
     * @param seed the seed of its shuffling and initialisation
     * @param testAccuracy its accuracy on the held-out images, in [0, 1] (for the rotation task,
     *     over the four rotations of each; chance 1/4)
     * @param sha256 the SHA-256 of its parameter file, in hex
     * @param engine the engine that trained it
     * @param created when
     * @param task {@code classes} or {@code rotations}
     * @param trainImages the images it was trained on
     * @param heldOutImages the images its accuracy was measured on
     * @param key everything that determines it ({@link Request#key()})
     */
    public record Entry(
            String collection,
            int classes,
            int epochs,
            long seed,
            double testAccuracy,
            String sha256,
            String engine,
            String created,
            String task,
            int trainImages,
            int heldOutImages,
            String key) {}

    /**
     * A network ready to use.
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
     * Loads an image collection's classifier from the cache, training and caching it first when
     * it is missing or damaged.
     *
     * @param root the cache root
     * @param collection the collection's name, e.g. {@code fashion-mnist}
     * @param train its labelled training images, in [-1, 1]
     * @param test its labelled test images, in [-1, 1]
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
            ImageDataset train,
            ImageDataset test,
            Engine engine,
            Device device,
            int epochs,
            Consumer<String> log)
            throws IOException {
        return obtain(root, Request.of(collection, Task.CLASSES, train, test, "none", epochs),
                engine, device, log);
    }

    /**
     * Loads a network from the cache, training and caching it first when it is missing, damaged
     * or was trained for another key.
     *
     * @param root the cache root
     * @param request what to obtain
     * @param engine the engine to run on
     * @param device the device
     * @param log where to say that it trains
     * @return the network
     * @throws IOException if the cache cannot be read or written
     */
    public static Loaded obtain(
            Path root, Request request, Engine engine, Device device, Consumer<String> log)
            throws IOException {
        Path folder = root.resolve("classifier").resolve(request.name());
        Path parameters = folder.resolve(PARAMETERS);
        Path description = folder.resolve(DESCRIPTION);
        String key = request.key();
        int channels = (int) request.train().imageShape().get(0);
        int size = (int) request.train().imageShape().get(1);
        String what = request.task() == Task.CLASSES ? "classifier" : "rotation extractor";
        if (Files.isRegularFile(parameters) && Files.isRegularFile(description)) {
            Entry entry = read(description);
            byte[] bytes = Files.readAllBytes(parameters);
            if (entry != null && !sha256(bytes).equals(entry.sha256())) {
                log.accept("The cached " + what + " in " + folder
                        + " does not match its checksum; training it again.");
            } else if (entry == null || !key.equals(entry.key())) {
                log.accept("The cached network in " + folder + " was trained on other images or"
                        + " settings; training the " + what + " again.");
            } else {
                ImageClassifier classifier = ImageClassifier.create(
                        engine, device, request.outputs(), channels, size);
                try {
                    classifier.loadParameters(bytes);
                } catch (IOException | RuntimeException e) {
                    classifier.close();
                    throw e;
                }
                return new Loaded(classifier, entry, folder, false);
            }
        } else {
            log.accept("Training the evaluation " + what + " of " + request.name()
                    + " (first use, " + request.epochs() + " epochs on "
                    + request.train().size() + " images; kept in " + folder + ") ...");
        }
        engine.setRandomSeed((int) SEED);
        ImageClassifier classifier =
                ImageClassifier.create(engine, device, request.outputs(), channels, size);
        try {
            double accuracy;
            if (request.task() == Task.CLASSES) {
                classifier.train(request.train(), request.epochs(), SEED);
                accuracy = classifier.accuracy(request.heldOut());
            } else {
                classifier.trainRotations(request.train(), request.epochs(), SEED);
                accuracy = classifier.rotationAccuracy(request.heldOut());
            }
            byte[] bytes = classifier.parameters();
            Entry entry = new Entry(request.name(), request.outputs(), request.epochs(), SEED,
                    accuracy, sha256(bytes), engine.getEngineName(), Instant.now().toString(),
                    request.task().id(), Math.toIntExact(request.train().size()),
                    Math.toIntExact(request.heldOut().size()), key);
            Files.createDirectories(folder);
            AtomicFiles.write(parameters, out -> out.write(bytes));
            AtomicFiles.writeString(description, GSON.toJson(entry) + System.lineSeparator());
            log.accept(String.format(Locale.ROOT, "Trained: held-out %s accuracy %.2f%% on %d"
                            + " images", request.task() == Task.CLASSES ? "class" : "rotation",
                    100 * accuracy, request.heldOut().size()));
            return new Loaded(classifier, entry, folder, true);
        } catch (IOException | RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Computes the SHA-256 of a dataset's pixels as the networks receive them (float32 values
     * in order, big-endian), and optionally of its labels.
     *
     * @param images the images
     * @param withLabels whether the labels count too
     * @return the digest in lower-case hex
     */
    public static String contentDigest(ImageDataset images, boolean withLabels) {
        MessageDigest digest = sha256();
        for (int i = 0; i < images.size(); i++) {
            float[] pixels = images.pixels(i);
            ByteBuffer buffer = ByteBuffer.allocate(4 * pixels.length + 4);
            for (float value : pixels) {
                buffer.putFloat(value);
            }
            buffer.putInt(withLabels ? images.label(i) : 0);
            digest.update(buffer.array());
        }
        return HexFormat.of().formatHex(digest.digest());
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
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
