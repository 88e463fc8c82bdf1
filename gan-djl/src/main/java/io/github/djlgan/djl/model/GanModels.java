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

    private GanModels(Model generator, Model discriminator, Shape latentShape, Shape sampleShape) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.latentShape = latentShape;
        this.sampleShape = sampleShape;
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
        Model generator = Model.newInstance("generator", device, engine);
        Model discriminator = Model.newInstance("discriminator", device, engine);
        generator.setBlock(generatorBlock);
        discriminator.setBlock(discriminatorBlock);
        generatorBlock.initialize(
                generator.getNDManager(), DataType.FLOAT32, batchOfOne(latentShape));
        discriminatorBlock.initialize(
                discriminator.getNDManager(), DataType.FLOAT32, batchOfOne(sampleShape));
        return new GanModels(generator, discriminator, latentShape, sampleShape);
    }

    private static Shape batchOfOne(Shape shape) {
        return new Shape(1).addAll(shape);
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
        return infer(generator, noise);
    }

    /**
     * Runs D in inference mode.
     *
     * @param samples a batch of samples, owned by the caller's manager
     * @return D's logits, {@code (batch, 1)}, in the samples' manager
     */
    public NDArray discriminate(NDArray samples) {
        return infer(discriminator, samples);
    }

    /**
     * Draws samples from G in inference mode.
     *
     * @param noise the source of z
     * @param count how many samples
     * @return the samples' values, sample after sample
     */
    public float[] sample(NoiseSource noise, int count) {
        try (NDManager scope = generator.getNDManager().newSubManager()) {
            return generate(noise.next(scope, count)).toFloatArray();
        }
    }

    /**
     * Evaluates D(x) = sigmoid(logit) at given points, in inference mode.
     *
     * @param points the points' coordinates, point after point
     * @return D's probability that each point is real
     */
    public float[] realProbability(float[] points) {
        try (NDManager scope = discriminator.getNDManager().newSubManager()) {
            long count = points.length / sampleShape.size();
            NDArray input = scope.create(points, new Shape(count).addAll(sampleShape));
            return Activation.sigmoid(discriminate(input)).toFloatArray();
        }
    }

    private static NDArray infer(Model model, NDArray input) {
        NDManager manager = input.getManager();
        return model.getBlock()
                .forward(new ParameterStore(manager, false), new NDList(input), false)
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

    private static void save(Model model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
            model.getBlock().saveParameters(data);
        }
    }

    private static void load(Model model, Path file) throws IOException {
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
