package io.github.djlgan.djl.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.data.NoiseSource;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The generator and the discriminator of one GAN, as two DJL {@link Model}s on one engine and
 * device, with initialised parameters. Training, sampling and checkpoints all go through this pair.
 */
public final class GanModels implements AutoCloseable {

    /** The file a generator's parameters are saved in, in DJL's engine-neutral format. */
    public static final String GENERATOR_FILE = "generator.params";

    /** The file a discriminator's parameters are saved in. */
    public static final String DISCRIMINATOR_FILE = "discriminator.params";

    private final Model generator;
    private final Model discriminator;
    private final Shape latentShape;
    private final Shape sampleShape;
    private final int classes;

    private GanModels(
            Model generator,
            Model discriminator,
            Shape latentShape,
            Shape sampleShape,
            int classes) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.latentShape = latentShape;
        this.sampleShape = sampleShape;
        this.classes = classes;
    }

    /**
     * Creates both models and initialises their parameters with the blocks' initialisers, drawing
     * from the engine's random generator (seed it first for a repeatable run).
     *
     * @param engine the DJL engine name
     * @param device the device both models live on
     * @param generatorBlock G, mapping {@code (batch, latentShape...)} to samples
     * @param discriminatorBlock D, mapping {@code (batch, sampleShape...)} to {@code (batch, 1)}
     *     logits
     * @param latentShape the shape of one z, without the batch axis
     * @param sampleShape the shape of one sample, without the batch axis
     * @return the models
     */
    public static GanModels create(
            String engine,
            Device device,
            Block generatorBlock,
            Block discriminatorBlock,
            Shape latentShape,
            Shape sampleShape) {
        return create(
                engine, device, generatorBlock, discriminatorBlock, latentShape, sampleShape, 0);
    }

    /**
     * Creates both models, conditional on a label when {@code classes > 0}: then G takes {@code
     * (z, label)} and D takes {@code (x, label)}.
     *
     * @param engine the DJL engine name
     * @param device the device both models live on
     * @param generatorBlock G
     * @param discriminatorBlock D
     * @param latentShape the shape of one z, without the batch axis
     * @param sampleShape the shape of one sample, without the batch axis
     * @param classes the number of classes, 0 for an unconditional GAN
     * @return the models
     */
    public static GanModels create(
            String engine,
            Device device,
            Block generatorBlock,
            Block discriminatorBlock,
            Shape latentShape,
            Shape sampleShape,
            int classes) {
        Model generator = Model.newInstance("generator", device, engine);
        Model discriminator = Model.newInstance("discriminator", device, engine);
        generator.setBlock(generatorBlock);
        discriminator.setBlock(discriminatorBlock);
        generatorBlock.initialize(
                generator.getNDManager(), DataType.FLOAT32, inputShapes(latentShape, classes, 1));
        discriminatorBlock.initialize(
                discriminator.getNDManager(),
                DataType.FLOAT32,
                inputShapes(sampleShape, classes, 1));
        return new GanModels(generator, discriminator, latentShape, sampleShape, classes);
    }

    /**
     * Returns the shapes of a network's inputs for a batch: the batch of items, and for a
     * conditional GAN the batch of labels.
     *
     * @param itemShape the shape of one z or one sample
     * @param classes the number of classes, 0 for an unconditional GAN
     * @param batch the batch size
     * @return {@code (batch, itemShape...)}, then {@code (batch)} when conditional
     */
    public static Shape[] inputShapes(Shape itemShape, int classes, long batch) {
        Shape items = new Shape(batch).addAll(itemShape);
        return classes > 0 ? new Shape[] {items, new Shape(batch)} : new Shape[] {items};
    }

    /**
     * Returns the number of classes of a conditional GAN.
     *
     * @return the classes, 0 for an unconditional GAN
     */
    public int classes() {
        return classes;
    }

    /**
     * Returns the generator model.
     *
     * @return G
     */
    public Model generator() {
        return generator;
    }

    /**
     * Returns the discriminator model.
     *
     * @return D
     */
    public Model discriminator() {
        return discriminator;
    }

    /**
     * Returns the shape of one z.
     *
     * @return the latent shape, without the batch axis
     */
    public Shape latentShape() {
        return latentShape;
    }

    /**
     * Returns the shape of one sample.
     *
     * @return the sample shape, without the batch axis
     */
    public Shape sampleShape() {
        return sampleShape;
    }

    /**
     * Runs G in inference mode (no gradient, dropout off, batch norm on running statistics).
     *
     * @param noise a batch of z, owned by the caller's manager
     * @return G(z), in the noise's manager
     */
    public NDArray generate(NDArray noise) {
        return infer(generator, new NDList(noise));
    }

    /**
     * Runs G in inference mode on its whole input.
     *
     * @param input {@code (z)}, or {@code (z, labels)} for a conditional G, owned by the caller
     * @return G's samples, in the input's manager
     */
    public NDArray generate(NDList input) {
        return infer(generator, input);
    }

    /**
     * Runs D in inference mode.
     *
     * @param samples a batch of samples, owned by the caller's manager
     * @return D's logits, {@code (batch, 1)}, in the samples' manager
     */
    public NDArray discriminate(NDArray samples) {
        return infer(discriminator, new NDList(samples));
    }

    /**
     * Runs D in inference mode on its whole input.
     *
     * @param input {@code (x)}, or {@code (x, labels)} for a conditional D, owned by the caller
     * @return D's logits, {@code (batch, 1)}, in the input's manager
     */
    public NDArray discriminate(NDList input) {
        return infer(discriminator, input);
    }

    /**
     * Draws samples from G in inference mode (of random classes for a conditional G).
     *
     * @param noise the source of z
     * @param count how many samples
     * @return the samples' values, sample after sample
     */
    public float[] sample(NoiseSource noise, int count) {
        try (NDManager scope = generator.getNDManager().newSubManager()) {
            return generate(noise.nextInput(scope, count)).toFloatArray();
        }
    }

    /**
     * Draws samples of given classes from a conditional G in inference mode.
     *
     * @param noise the source of z
     * @param labels the class of each sample
     * @return the samples' values, sample after sample
     */
    public float[] sample(NoiseSource noise, int[] labels) {
        try (NDManager scope = generator.getNDManager().newSubManager()) {
            return generate(noise.nextInput(scope, labels)).toFloatArray();
        }
    }

    /**
     * Evaluates D(x) = sigmoid(logit) at given points, in inference mode. A packed discriminator
     * ({@link PackedDiscriminator}) judges each point as a pack of m copies of it.
     *
     * @param points the points' coordinates, point after point
     * @return D's probability that each point is real
     */
    public float[] realProbability(float[] points) {
        return realProbability(points, null);
    }

    /**
     * Evaluates D(x | y) = sigmoid(logit) for samples and their classes, in inference mode.
     *
     * @param samples the samples' values, sample after sample
     * @param labels each sample's class for a conditional D, else null
     * @return D's probability that each sample is real
     */
    public float[] realProbability(float[] samples, int[] labels) {
        try (NDManager scope = discriminator.getNDManager().newSubManager()) {
            // A packed D judges each sample as a pack of m copies of it (pack > 1 is refused
            // for conditional GANs, so there are no labels to repeat).
            int pack =
                    discriminator.getBlock() instanceof PackedDiscriminator packed
                            ? packed.pack()
                            : 1;
            int size = (int) sampleShape.size();
            int count = samples.length / size;
            float[] copies = new float[samples.length * pack];
            for (int sample = 0; sample < count; sample++) {
                for (int copy = 0; copy < pack; copy++) {
                    System.arraycopy(samples, sample * size, copies, (sample * pack + copy) * size,
                            size);
                }
            }
            NDList input =
                    new NDList(
                            scope.create(
                                    copies, new Shape((long) count * pack).addAll(sampleShape)));
            if (labels != null) {
                float[] classes = new float[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    classes[i] = labels[i];
                }
                input.add(scope.create(classes));
            }
            return Activation.sigmoid(discriminate(input)).toFloatArray();
        }
    }

    private static NDArray infer(Model model, NDList input) {
        NDManager manager = input.head().getManager();
        return model.getBlock()
                .forward(new ParameterStore(manager, false), input, false)
                .singletonOrThrow();
    }

    /**
     * Saves both networks' parameters into a directory, in DJL's engine-neutral format: what one
     * engine saves, the other loads.
     *
     * @param directory an existing directory
     * @throws IOException if writing fails
     */
    public void saveParameters(Path directory) throws IOException {
        save(generator, directory.resolve(GENERATOR_FILE));
        save(discriminator, directory.resolve(DISCRIMINATOR_FILE));
    }

    /**
     * Loads both networks' parameters from a directory written by {@link #saveParameters}. Call it
     * before a trainer is made for these models: trainers hold on to the parameter arrays.
     *
     * @param directory the directory
     * @throws IOException if reading fails
     * @throws InvalidInputException if the files are damaged or belong to other networks
     */
    public void loadParameters(Path directory) throws IOException {
        load(generator, directory.resolve(GENERATOR_FILE));
        load(discriminator, directory.resolve(DISCRIMINATOR_FILE));
    }

    /**
     * Saves the generator's parameters alone into a file, in the same format as {@link
     * #saveParameters}.
     *
     * @param file the file to write
     * @throws IOException if writing fails
     */
    public void saveGenerator(Path file) throws IOException {
        save(generator, file);
    }

    /**
     * Loads the generator's parameters alone from a file written by {@link #saveGenerator}.
     *
     * @param file the file
     * @throws IOException if reading fails
     * @throws InvalidInputException if the file is damaged or belongs to another network
     */
    public void loadGenerator(Path file) throws IOException {
        load(generator, file);
    }

    private static void save(Model model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
            model.getBlock().saveParameters(data);
        }
    }

    private static void load(Model model, Path file) throws IOException {
        // DJL trusts the lengths, data types and shapes a file declares: check them first.
        ParameterFiles.verify(model.getBlock(), model.getNDManager(), file, model.getName());
        // DJL takes a parameter's shape from the file; networks of another size would load.
        List<Shape> expected =
                model.getBlock().getParameters().values().stream()
                        .map(p -> p.getArray().getShape())
                        .toList();
        try (InputStream in = Files.newInputStream(file);
                DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            model.getBlock().loadParameters(model.getNDManager(), data);
            List<Parameter> loaded = model.getBlock().getParameters().values();
            for (int i = 0; i < loaded.size(); i++) {
                Shape shape = loaded.get(i).getArray().getShape();
                if (!shape.equals(expected.get(i))) {
                    throw new IllegalArgumentException(
                            "parameter " + loaded.get(i).getName() + " has shape " + shape
                                    + ", the network expects " + expected.get(i));
                }
            }
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "Cannot load " + file + ": it does not hold this " + model.getName()
                            + "'s parameters (" + e.getMessage() + ")",
                    e);
        }
    }

    @Override
    public void close() {
        generator.close();
        discriminator.close();
    }
}
