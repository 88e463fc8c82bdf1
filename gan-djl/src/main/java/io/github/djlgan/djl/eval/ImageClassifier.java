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
import io.github.djlgan.djl.data.IdxImageDataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A small convolutional classifier of 28x28 grayscale images, trained by the project on the
 * images a GAN learns from; it plays the part Inception-v3 plays for FID and the Inception score,
 * without downloaded weights.
 *
 * <pre>
 *   conv 3x3 (32) - ReLU - max pool 2 - conv 3x3 (64) - ReLU - max pool 2
 *   - flatten - linear (128) - ReLU  [the features]  - linear (classes)  [the logits]
 * </pre>
 *
 * <p>Inputs are images in [-1, 1], as the generators make them. Its parameters are saved in DJL's
 * engine-neutral format, so a classifier trained on one engine evaluates on the other.
 */
public final class ImageClassifier implements AutoCloseable {

    /** The length of the feature vector the Frechet distance is computed on. */
    public static final int FEATURES = 128;

    private static final int BATCH = 128;

    private final Model model;
    private final SequentialBlock features;
    private final int classes;
    private final int imageSize;

    private ImageClassifier(Model model, SequentialBlock features, int classes, int imageSize) {
        this.model = model;
        this.features = features;
        this.classes = classes;
        this.imageSize = imageSize;
    }

    /**
     * Creates an untrained classifier with initialised parameters.
     *
     * @param engine the engine
     * @param device the device
     * @param classes the number of classes
     * @param imageSize the side of the square images
     * @return the classifier
     */
    public static ImageClassifier create(
            Engine engine, Device device, int classes, int imageSize) {
        SequentialBlock features =
                new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(
                                new Shape(1, 1)).setFilters(32).build())
                        .add(Activation::relu)
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(
                                new Shape(1, 1)).setFilters(64).build())
                        .add(Activation::relu)
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(FEATURES).build())
                        .add(Activation::relu);
        SequentialBlock network =
                new SequentialBlock()
                        .add(features)
                        .add(Linear.builder().setUnits(classes).build());
        Model model = Model.newInstance("classifier", device, engine.getEngineName());
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, 1, imageSize, imageSize));
        return new ImageClassifier(model, features, classes, imageSize);
    }

    /**
     * Returns the number of classes.
     *
     * @return the classes
     */
    public int classes() {
        return classes;
    }

    /**
     * Trains with Adam (1e-3) and softmax cross-entropy on shuffled minibatches.
     *
     * @param train the training images
     * @param epochs passes over them
     * @param seed the seed of the shuffling
     */
    public void train(IdxImageDataset train, int epochs, long seed) {
        int count = Math.toIntExact(train.size());
        int pixels = imageSize * imageSize;
        float[] images = train.pixels(0, count);
        SplittableRandom random = new SplittableRandom(seed);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(
                                Tracker.fixed(1e-3f)).build())
                        .optDevices(new Device[] {model.getNDManager().getDevice()});
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(BATCH, 1, imageSize, imageSize));
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
                for (int start = 0; start + BATCH <= count; start += BATCH) {
                    float[] batch = new float[BATCH * pixels];
                    float[] labels = new float[BATCH];
                    for (int b = 0; b < BATCH; b++) {
                        int index = order[start + b];
                        System.arraycopy(images, index * pixels, batch, b * pixels, pixels);
                        labels[b] = train.label(index);
                    }
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDArray x = step.create(batch, new Shape(BATCH, 1, imageSize, imageSize));
                        NDArray y = step.create(labels, new Shape(BATCH));
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
     * @param test labelled images
     * @return the accuracy in [0, 1]
     */
    public double accuracy(IdxImageDataset test) {
        int count = Math.toIntExact(test.size());
        float[] probabilities = probabilities(test.pixels(0, count));
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == test.label(i) ? 1 : 0;
        }
        return (double) correct / count;
    }

    /**
     * Computes the penultimate features of images, in inference mode.
     *
     * @param images images in [-1, 1], one after the other
     * @return {@value #FEATURES} values per image
     */
    public float[] features(float[] images) {
        return run(images, false, FEATURES);
    }

    /**
     * Computes the softmax class probabilities of images, in inference mode.
     *
     * @param images images in [-1, 1], one after the other
     * @return {@link #classes()} values per image
     */
    public float[] probabilities(float[] images) {
        return run(images, true, classes);
    }

    private float[] run(float[] images, boolean probabilities, int width) {
        int pixels = imageSize * imageSize;
        int count = images.length / pixels;
        float[] out = new float[count * width];
        for (int start = 0; start < count; start += BATCH * 4) {
            int size = Math.min(BATCH * 4, count - start);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                float[] slice = new float[size * pixels];
                System.arraycopy(images, start * pixels, slice, 0, slice.length);
                NDList input =
                        new NDList(scope.create(slice, new Shape(size, 1, imageSize, imageSize)));
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
