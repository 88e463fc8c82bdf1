package io.github.djlgan.djl.eval;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.data.ImageDataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small convolutional network of square images, trained by the project on the images a GAN
 * learns from; it plays the part Inception-v3 plays for FID and the Inception score, without
 * downloaded weights. The same network serves two tasks ({@link ClassifierCache.Task}): a
 * classifier of the dataset's own classes, or a label-free extractor trained to tell which of
 * four rotations was applied to an image (Gidaris, Singh and Komodakis 2018).
 *
 * <pre>
 *   [conv 3x3 (f) - ReLU - max pool 2] x stages, f = 32, 64, 128, 128, ...
 *   - flatten - linear (128) - ReLU  [the features]  - linear (outputs)  [the logits]
 * </pre>
 *
 * <p>The stages halve the side until it is at most 8: two for 28x28 (28, 14, 7) and 32x32, three
 * for 64x64. Inputs are {@code (channels, side, side)} images in [-1, 1], as the generators make
 * them. Its parameters are saved in DJL's engine-neutral format, so a network trained on one
 * engine evaluates on the other.
 *
 * @see <a href="https://arxiv.org/abs/1803.07728">Gidaris, Singh and Komodakis 2018,
 *     Unsupervised representation learning by predicting image rotations</a>
 */
public final class ImageClassifier implements AutoCloseable {

    /** The length of the feature vector the Frechet distance is computed on. */
    public static final int FEATURES = 128;

    /** The outputs of the rotation task: 0, 90, 180 and 270 degrees. */
    public static final int ROTATIONS = 4;

    private static final int BATCH = 128;

    private final Model model;
    private final SequentialBlock features;
    private final int outputs;
    private final int channels;
    private final int imageSize;

    private ImageClassifier(
            Model model, SequentialBlock features, int outputs, int channels, int imageSize) {
        this.model = model;
        this.features = features;
        this.outputs = outputs;
        this.channels = channels;
        this.imageSize = imageSize;
    }

    /**
     * Creates an untrained classifier of gray images with initialised parameters.
     *
     * @param engine the engine
     * @param device the device
     * @param classes the number of classes
     * @param imageSize the side of the square images
     * @return the classifier
     */
    public static ImageClassifier create(
            Engine engine, Device device, int classes, int imageSize) {
        return create(engine, device, classes, 1, imageSize);
    }

    /**
     * Creates an untrained network with initialised parameters.
     *
     * @param engine the engine
     * @param device the device
     * @param outputs the number of classes, or {@value #ROTATIONS} for the rotation task
     * @param channels 1 (gray) or 3 (RGB)
     * @param imageSize the side of the square images, at least 2
     * @return the network
     */
    public static ImageClassifier create(
            Engine engine, Device device, int outputs, int channels, int imageSize) {
        SequentialBlock features = new SequentialBlock();
        int side = imageSize;
        int filters = 32;
        do {
            features.add(Conv2d.builder().setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1)).setFilters(filters).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)));
            side /= 2;
            filters = Math.min(2 * filters, 128);
        } while (side > 8);
        features.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation::relu);
        SequentialBlock network =
                new SequentialBlock().add(features).add(Linear.builder().setUnits(outputs).build());
        Model model = Model.newInstance("classifier", device, engine.getEngineName());
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, channels, imageSize, imageSize));
        return new ImageClassifier(model, features, outputs, channels, imageSize);
    }

    /**
     * Returns the number of outputs: classes, or {@value #ROTATIONS} for the rotation task.
     *
     * @return the outputs
     */
    public int classes() {
        return outputs;
    }

    /**
     * Trains it to classify images by their labels, with Adam (1e-3) and softmax cross-entropy on
     * shuffled minibatches of up to 128 images (the last incomplete one of a pass left out).
     *
     * @param train labelled images in [-1, 1], of this network's shape
     * @param epochs passes over them
     * @param seed the seed of the shuffling
     */
    public void train(ImageDataset train, int epochs, long seed) {
        int count = Math.toIntExact(train.size());
        fit(count, Math.min(BATCH, count), 1, epochs, seed, (indices, batch, labels) -> {
            for (int b = 0; b < indices.length; b++) {
                System.arraycopy(train.pixels(indices[b]), 0, batch, b * pixels(), pixels());
                labels[b] = train.label(indices[b]);
            }
        });
    }

    /**
     * Trains it without labels to tell which of the four rotations (0, 90, 180, 270 degrees) was
     * applied to an image: each minibatch holds all four rotations of up to 32 images (Gidaris et
     * al. 2018, section 2.1); Adam (1e-3), softmax cross-entropy over the four rotations.
     *
     * @param train images in [-1, 1], of this network's shape; their labels are not read
     * @param epochs passes over them
     * @param seed the seed of the shuffling
     */
    public void trainRotations(ImageDataset train, int epochs, long seed) {
        int count = Math.toIntExact(train.size());
        fit(count, Math.min(BATCH / ROTATIONS, count), ROTATIONS, epochs, seed,
                (indices, batch, labels) -> {
                    float[] rotated = Rotations.allFour(images(train, indices), channels,
                            imageSize);
                    System.arraycopy(rotated, 0, batch, 0, rotated.length);
                    float[] rotation = Rotations.labels(indices.length);
                    System.arraycopy(rotation, 0, labels, 0, rotation.length);
                });
    }

    /** Fills one minibatch from the images at some indices. */
    private interface BatchFiller {
        void fill(int[] indices, float[] batch, float[] labels);
    }

    private void fit(
            int count, int perBatch, int inputsPerImage, int epochs, long seed,
            BatchFiller filler) {
        SplittableRandom random = new SplittableRandom(seed);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(
                                Tracker.fixed(1e-3f)).build())
                        .optDevices(new Device[] {model.getNDManager().getDevice()});
        int inputs = perBatch * inputsPerImage;
        try (Trainer trainer = model.newTrainer(config)) {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = count - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
                for (int start = 0; start + perBatch <= count; start += perBatch) {
                    float[] batch = new float[inputs * pixels()];
                    float[] labels = new float[inputs];
                    filler.fill(Arrays.copyOfRange(order, start, start + perBatch), batch, labels);
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDArray x = step.create(batch,
                                new Shape(inputs, channels, imageSize, imageSize));
                        NDArray y = step.create(labels, new Shape(inputs));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            collector.backward(trainer.getLoss().evaluate(
                                    new NDList(y), new NDList(logits)));
                        }
                        trainer.step();
                    }
                }
            }
        }
    }

    /**
     * Measures the share of images classified correctly.
     *
     * @param test labelled images in [-1, 1]
     * @return the accuracy in [0, 1]
     */
    public double accuracy(ImageDataset test) {
        int count = Math.toIntExact(test.size());
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = test.label(i);
        }
        return accuracy(probabilities(test.pixels(0, count)), labels);
    }

    /**
     * Measures the share of the four rotations of each image whose rotation is told correctly;
     * chance is 1/4.
     *
     * @param test images in [-1, 1]; their labels are not read
     * @return the accuracy in [0, 1], over {@code 4 x test.size()} inputs
     */
    public double rotationAccuracy(ImageDataset test) {
        int count = Math.toIntExact(test.size());
        int correct = 0;
        for (int start = 0; start < count; start += BATCH) {
            int size = Math.min(BATCH, count - start);
            float[] rotated = Rotations.allFour(test.pixels(start, size), channels, imageSize);
            float[] labels = Rotations.labels(size);
            int[] truth = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                truth[i] = (int) labels[i];
            }
            correct += Math.round(accuracy(probabilities(rotated), truth) * truth.length);
        }
        return (double) correct / (ROTATIONS * count);
    }

    private double accuracy(float[] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < outputs; c++) {
                if (probabilities[i * outputs + c] > probabilities[i * outputs + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /**
     * Computes the penultimate features of images, in inference mode.
     *
     * @param images images in [-1, 1], {@code channels x side x side} values each, one after the
     *     other
     * @return {@value #FEATURES} values per image
     */
    public float[] features(float[] images) {
        return run(images, false, FEATURES);
    }

    /**
     * Computes the penultimate features of some of a dataset's images, in inference mode, a few
     * hundred images at a time (the images are never all on the host as floats at once).
     *
     * @param images images in [-1, 1]
     * @param indices which images
     * @return {@value #FEATURES} values per index, in the order of the indices
     */
    public float[] features(ImageDataset images, int[] indices) {
        float[] out = new float[indices.length * FEATURES];
        for (int start = 0; start < indices.length; start += BATCH * 4) {
            int[] chunk = Arrays.copyOfRange(indices, start,
                    Math.min(indices.length, start + BATCH * 4));
            float[] values = features(images(images, chunk));
            System.arraycopy(values, 0, out, start * FEATURES, values.length);
        }
        return out;
    }

    /**
     * Computes the softmax outputs of images (class or rotation probabilities), in inference
     * mode.
     *
     * @param images images in [-1, 1], one after the other
     * @return {@link #classes()} values per image
     */
    public float[] probabilities(float[] images) {
        return run(images, true, outputs);
    }

    private int pixels() {
        return channels * imageSize * imageSize;
    }

    private float[] images(ImageDataset images, int[] indices) {
        float[] out = new float[indices.length * pixels()];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(images.pixels(indices[b]), 0, out, b * pixels(), pixels());
        }
        return out;
    }

    private float[] run(float[] images, boolean probabilities, int width) {
        int pixels = pixels();
        int count = images.length / pixels;
        float[] out = new float[count * width];
        for (int start = 0; start < count; start += BATCH * 4) {
            int size = Math.min(BATCH * 4, count - start);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                float[] slice = new float[size * pixels];
                System.arraycopy(images, start * pixels, slice, 0, slice.length);
                NDList input = new NDList(
                        scope.create(slice, new Shape(size, channels, imageSize, imageSize)));
                ParameterStore store = new ParameterStore(scope, false);
                NDArray result =
                        probabilities
                                ? model.getBlock().forward(store, input, false)
                                        .singletonOrThrow().softmax(1)
                                : features.forward(store, input, false).singletonOrThrow();
                System.arraycopy(result.toFloatArray(), 0, out, start * width, size * width);
            }
        }
        return out;
    }

    /**
     * Returns the parameters in DJL's engine-neutral format.
     *
     * @return the bytes
     * @throws IOException if writing fails
     */
    public byte[] parameters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            model.getBlock().saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads parameters written by {@link #parameters()}.
     *
     * @param parameters the bytes
     * @throws IOException if reading fails
     * @throws InvalidInputException if they belong to another network
     */
    public void loadParameters(byte[] parameters) throws IOException {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new ByteArrayInputStream(parameters)))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "the cached classifier does not fit this network: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
