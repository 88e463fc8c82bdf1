package io.github.djlgan.djl.eval;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Dataset;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.api.metric.ParzenWindow;
import io.github.djlgan.djl.data.IdxImageDataset;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.data.ImageFolderDataset;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.run.TrainedRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code gan eval} on an image run, IDX collection or picture folder: chooses the extractor,
 * draws the samples batch by batch, and computes every image metric beside its calibration.
 *
 * <ul>
 *   <li><b>Reference.</b> Every metric compares a set with the run's held-out real images: the
 *       collection's test images, or the folder's held-out part ({@link
 *       ImageFolderDataset#TEST_SHARE}), never trained on.
 *   <li><b>Extractor.</b> An IDX collection: a classifier of its classes ({@link
 *       ClassifierCache#EPOCHS} epochs). A folder with two or more classes: a classifier of its
 *       own classes, trained on its training part. A folder with one class: the rotation task,
 *       no labels. A folder's extractor trains for {@link #folderEpochs} epochs unless told.
 *   <li><b>Calibration.</b> As many training images as generated samples against the reference
 *       (what a generator drawing fresh real images would score at the same counts), and the
 *       reference blurred or made noisy against itself.
 *   <li><b>Counts.</b> Samples default to {@value #DEFAULT_SAMPLES}, at most what the training
 *       part can match (for a collection less the {@value ImageEvaluation#VALIDATION} Parzen
 *       validation images); asking for more is refused with one line.
 * </ul>
 */
public final class ImageRunEvaluation {

    /** The samples drawn when not told, if the training images allow as many. */
    public static final int DEFAULT_SAMPLES = 10_000;

    /** A folder's extractor trains for at least this many minibatches when not told. */
    public static final int FOLDER_MINIBATCHES = 500;

    /** Generated images are made this many at a time. */
    private static final int SAMPLE_BATCH = 500;

    private ImageRunEvaluation() {}

    /**
     * What to evaluate with.
     *
     * @param samples generated samples, or null for the default
     * @param testCount the most held-out images to compare with
     * @param cacheRoot the extractor cache's root
     * @param extractorEpochs passes of the extractor's training if it must be trained, or null
     *     for the default
     */
    public record Options(Integer samples, int testCount, Path cacheRoot, Integer extractorEpochs) {}

    /**
     * Evaluates an image run.
     *
     * @param trained the opened run
     * @param options counts and the cache
     * @param log where progress lines go
     * @return the image report
     * @throws IOException if reading the data or the cache fails
     * @throws InvalidInputException if a count is impossible for the run's data
     */
    public static ImageReport evaluate(TrainedRun trained, Options options, Consumer<String> log)
            throws IOException {
        TrainingConfig config = trained.config();
        requirePositive("--test-count", options.testCount());
        DatasetSpec spec = config.data().datasetSpec();
        boolean folder = spec instanceof DatasetSpec.Folder;
        // Every metric works on pixels in [-1, 1], whatever range the run's networks use.
        ImageDataset.Splits data = load(config);
        ImageDataset train = data.train();
        ImageDataset test = data.test();
        int trainCount = Math.toIntExact(train.size());
        int tests = (int) Math.min(options.testCount(), test.size());
        String what = folder ? "the folder's held-out part" : "the test images";
        if (tests < FeatureComparison.MIN_COMPUTABLE) {
            throw new InvalidInputException("gan eval needs at least "
                    + FeatureComparison.MIN_COMPUTABLE + " held-out images to compare with; "
                    + what + " of " + config.data().dataset() + " has " + test.size()
                    + (folder ? " (" + Math.round(100 * ImageFolderDataset.TEST_SHARE)
                            + "% of its pictures)" : ""));
        }
        int available = folder ? trainCount : trainCount - ImageEvaluation.VALIDATION;
        int count = samples(options.samples(), available, trainCount, folder);
        ClassifierCache.Task task = !folder || train.classNames().size() > 1
                ? ClassifierCache.Task.CLASSES : ClassifierCache.Task.ROTATIONS;
        int epochs = options.extractorEpochs() != null ? options.extractorEpochs()
                : folder ? folderEpochs(task, trainCount) : ClassifierCache.EPOCHS;
        requirePositive("--extractor-epochs", epochs);
        int size = config.data().imageSize();
        int channels = config.data().channels();
        int pixels = channels * size * size;
        String background = folder ? config.data().background().id() : "none";
        ClassifierCache.Request request = ClassifierCache.Request.of(
                cacheName(spec, task, size, channels), task, train, test, background, epochs);
        if (folder) {
            // A folder's cache name carries part of its key's digest, so that the same folder
            // evaluated with other settings keeps both extractors instead of retraining in turn.
            String digest = ClassifierCache.sha256(
                    request.key().getBytes(StandardCharsets.UTF_8));
            request = new ClassifierCache.Request(
                    cacheName(spec, task, size, channels) + "-" + digest.substring(0, 12),
                    task, train, test, background, epochs, request.contentDigest());
        }
        Engine engine = Engine.getEngine(config.runtime().engine());
        ClassifierCache.Loaded loaded = ClassifierCache.obtain(options.cacheRoot(), request,
                engine, trained.models().generator().getNDManager().getDevice(), log);
        boolean classes = task == ClassifierCache.Task.CLASSES;
        ImageEvaluation.Parzen parzen = null;
        ImageEvaluation.Features features;
        try (ImageClassifier extractor = loaded.classifier()) {
            log.accept("Drawing " + count + " samples; comparing with " + tests + " held-out"
                    + " images ...");
            float[] generatedPixels = folder ? null : new float[count * pixels];
            float[] generatedFeatures = new float[count * ImageClassifier.FEATURES];
            float[] probabilities = classes ? new float[count * extractor.classes()] : null;
            PixelRange range = config.model().architecture().pixelRange();
            NoiseSource noise = trained.noise();
            for (int start = 0; start < count; start += SAMPLE_BATCH) {
                int batch = Math.min(SAMPLE_BATCH, count - start);
                float[] images = trained.models().sample(noise, batch);
                for (int i = 0; i < images.length; i++) {
                    images[i] = (images[i] - range.low()) / (range.high() - range.low()) * 2 - 1;
                }
                if (generatedPixels != null) {
                    System.arraycopy(images, 0, generatedPixels, start * pixels, images.length);
                }
                System.arraycopy(extractor.features(images), 0, generatedFeatures,
                        start * ImageClassifier.FEATURES, batch * ImageClassifier.FEATURES);
                if (classes) {
                    System.arraycopy(extractor.probabilities(images), 0, probabilities,
                            start * extractor.classes(), batch * extractor.classes());
                }
            }
            float[] reference =
                    pixels(test, FeatureComparison.draw(Math.toIntExact(test.size()), tests, 1));
            if (!folder) {
                log.accept("Parzen window: " + count + " samples, " + tests + " test images ...");
                parzen = ImageEvaluation.parzen(trained.models().generator().getNDManager(),
                        generatedPixels, train.pixels(0, trainCount), reference, pixels,
                        ParzenWindow.sigmaGrid(0.05, 0.5, 11));
            }
            float[] realFeatures =
                    extractor.features(train, FeatureComparison.draw(trainCount, count, 2));
            features = ImageEvaluation.features(extractor, classes, generatedFeatures,
                    probabilities, folder ? "held-out pictures" : "test images", reference,
                    size, "training images", realFeatures, trained.noiseSeed());
        }
        return new ImageReport(parzen, describe(spec, task, train), loaded.entry(), features,
                notes(folder, classes, features, loaded.entry()));
    }

    /**
     * Returns the epochs a folder's extractor trains for when not told: enough passes for
     * {@value #FOLDER_MINIBATCHES} minibatches (128 images for the class task, 32 images in four
     * rotations for the rotation task), at least {@link ClassifierCache#EPOCHS}.
     *
     * @param task the extractor's task
     * @param trainCount the folder's training pictures
     * @return the epochs
     */
    public static int folderEpochs(ClassifierCache.Task task, int trainCount) {
        int perBatch = Math.min(task == ClassifierCache.Task.CLASSES ? 128 : 32, trainCount);
        int perEpoch = Math.max(1, trainCount / perBatch);
        return Math.max(ClassifierCache.EPOCHS,
                (FOLDER_MINIBATCHES + perEpoch - 1) / perEpoch);
    }

    private static ImageDataset.Splits load(TrainingConfig config) throws IOException {
        int batch = config.data().batchSize();
        if (config.data().datasetSpec() instanceof DatasetSpec.Folder folder) {
            return ImageFolderDataset.load(Path.of(folder.path()), config.data().imageSize(),
                    config.data().channels(), batch, PixelRange.SYMMETRIC,
                    config.data().background());
        }
        DatasetSpec.Images spec = (DatasetSpec.Images) config.data().datasetSpec();
        Path folder = IdxImageDataset.locate(spec.collection(), config.data().dataDir());
        return new ImageDataset.Splits(
                IdxImageDataset.load(spec.collection(), folder, Dataset.Usage.TRAIN,
                        config.data().imageSize(), batch, PixelRange.SYMMETRIC),
                IdxImageDataset.load(spec.collection(), folder, Dataset.Usage.TEST,
                        config.data().imageSize(), batch, PixelRange.SYMMETRIC));
    }

    private static int samples(Integer asked, int available, int trainCount, boolean folder) {
        String why = folder
                ? "the folder's training part holds " + trainCount + " pictures, and the"
                        + " calibration row compares as many training pictures as samples"
                : "the collection's " + trainCount + " training images must supply as many as"
                        + " the samples for the calibration rows, plus "
                        + ImageEvaluation.VALIDATION + " Parzen validation images";
        if (asked == null) {
            if (available < FeatureComparison.MIN_COMPUTABLE) {
                throw new InvalidInputException("gan eval needs at least "
                        + FeatureComparison.MIN_COMPUTABLE + " samples and as many training"
                        + " images; " + why);
            }
            return Math.min(DEFAULT_SAMPLES, available);
        }
        requirePositive("--samples", asked);
        if (asked > available) {
            throw new InvalidInputException("--samples " + asked + " is more than possible: "
                    + why + "; use --samples " + Math.max(0, available) + " or fewer");
        }
        if (asked < FeatureComparison.MIN_COMPUTABLE) {
            throw new InvalidInputException("--samples must be at least "
                    + FeatureComparison.MIN_COMPUTABLE + " (k = 3 neighbours), got " + asked);
        }
        return asked;
    }

    private static String cacheName(
            DatasetSpec spec, ClassifierCache.Task task, int size, int channels) {
        if (spec instanceof DatasetSpec.Images images) {
            String name = images.collection().id();
            return size == 28 ? name : name + "-" + size + "px";
        }
        return String.format(Locale.ROOT, "%s-%s-%dpx-%dch", spec.label(), task.id(), size,
                channels);
    }

    private static String describe(DatasetSpec spec, ClassifierCache.Task task, ImageDataset train) {
        if (spec instanceof DatasetSpec.Images images) {
            return "classifier of " + images.collection().id() + "'s "
                    + train.classNames().size() + " classes (penultimate layer, 128 values)";
        }
        return task == ClassifierCache.Task.CLASSES
                ? "classifier of the folder's " + train.classNames().size() + " classes, trained"
                        + " on its training part (penultimate layer, 128 values)"
                : "rotation extractor: a CNN trained without labels on the folder's training part"
                        + " to tell which of 0/90/180/270 degrees an image was turned by"
                        + " (Gidaris et al. 2018; penultimate layer, 128 values)";
    }

    private static List<String> notes(
            boolean folder, boolean classes, ImageEvaluation.Features features,
            ClassifierCache.Entry entry) {
        List<String> notes = new ArrayList<>();
        if (folder) {
            notes.add("no Parzen window for a folder: the paper's Table 1 protocol needs "
                    + ImageEvaluation.VALIDATION + " validation images beyond the samples and"
                    + " is meant for IDX collections");
        }
        if (!classes) {
            notes.add("no Inception-style score: the folder has no classes, and the rotation"
                    + " task's four outputs are not classes of pictures");
        }
        List<FeatureComparison> rows = new ArrayList<>(features.calibration());
        rows.add(0, features.generated());
        if (rows.stream().anyMatch(row -> !row.reliable())) {
            notes.add("rows marked UNRELIABLE compare fewer than " + FeatureComparison.MIN_RELIABLE
                    + " images of a set (" + features.referenceCount() + " "
                    + features.reference() + "); their numbers vary more than the differences"
                    + " between runs they might be used to rank");
        }
        if (entry.heldOutImages() < FeatureComparison.MIN_RELIABLE) {
            notes.add("the extractor's held-out accuracy is measured on " + entry.heldOutImages()
                    + " images, fewer than " + FeatureComparison.MIN_RELIABLE
                    + ": treat it as a rough figure");
        }
        return notes;
    }

    private static float[] pixels(ImageDataset images, int[] indices) {
        int pixels = Math.toIntExact(images.imageShape().size());
        float[] out = new float[indices.length * pixels];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images.pixels(indices[i]), 0, out, i * pixels, pixels);
        }
        return out;
    }

    private static void requirePositive(String flag, int value) {
        if (value < 1) {
            throw new InvalidInputException(flag + " must be positive, got " + value);
        }
    }
}
