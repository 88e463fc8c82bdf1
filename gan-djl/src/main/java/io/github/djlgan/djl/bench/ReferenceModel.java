package io.github.djlgan.djl.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.djl.data.MixtureDataSource;
import io.github.djlgan.djl.data.RealDataSource;
import io.github.djlgan.djl.engine.EngineQuirks;
import io.github.djlgan.djl.model.DcganNetworks;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.MlpNetworks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The GANs that benchmarks train, with exactly these shapes so that numbers compare across engines
 * and with other frameworks:
 *
 * <ul>
 *   <li>{@code ring-mlp}, batch 256: G z(8) -> 128 ReLU -> 128 ReLU -> 2; D 2 -> 128 ReLU -> 128
 *       ReLU -> 1; real data from the ring of 8 Gaussians.
 *   <li>{@code mnist-mlp}, batch 64: G z(100) -> 256 -> 512 -> 1024 (LeakyReLU 0.2) -> 784 tanh;
 *       D 784 -> 512 -> 256 (LeakyReLU 0.2) -> 1.
 *   <li>{@code dcgan28}, batch 64: G z(100) -> Linear 128*7*7 -> BN -> ReLU -> ConvT(128->64, 4, 2,
 *       1) -> BN -> ReLU -> ConvT(64->1, 4, 2, 1) -> tanh; D Conv(1->64, 4, 2, 1) -> LeakyReLU ->
 *       Conv(64->128, 4, 2, 1) -> BN -> LeakyReLU -> Flatten -> Linear(128*7*7 -> 1). This is
 *       {@link DcganNetworks} at 28 px with 64 base feature maps.
 *   <li>{@code dcgan64}, batch 64: the canonical DCGAN of Radford et al. (their face model) for
 *       3x64x64 images: G z(100) -> Linear 512*4*4 -> BN -> ReLU -> ConvT(512->256) -> ConvT(256->128)
 *       -> ConvT(128->64), each followed by BN and ReLU, -> ConvT(64->3) -> tanh, every ConvT (4, 2,
 *       1); D Conv(3->64) -> LeakyReLU -> Conv(64->128) -> Conv(128->256) -> Conv(256->512), each
 *       followed by BN and LeakyReLU, every Conv (4, 2, 1), -> Flatten -> Linear(512*4*4 -> 1).
 *       This is {@link DcganNetworks} at 64 px, 3 channels, 64 base feature maps: about 173 GFLOP
 *       per iteration.
 * </ul>
 *
 * <p>The image models train on uniform noise in [-1, 1] of image shape: the time of an iteration
 * does not depend on what the pixels show.
 *
 * <p>The cost of one iteration counts the multiply-adds of the linear and convolution layers only
 * (activations, batch norm and the optimiser are a small share), two FLOPs each. With {@code g} and
 * {@code d} the forward FLOPs of G and D per sample and a backward pass costing twice its forward
 * pass, an iteration (k = 1) costs
 *
 * <pre>
 * D update: G forward (detached) + D forward and backward on real and on fake = g + 2 * 3d
 * G update: G forward and backward + D forward and backward                   = 3g + 3d
 * FLOPs per iteration = batch * (4g + 9d)
 * </pre>
 *
 * <p>which gives about 11.4 GFLOP for {@code dcgan28}. A transposed convolution counts as what it
 * is (each input pixel times a 4x4 kernel), whatever way an engine computes it.
 */
public enum ReferenceModel {

    /** The 2D mixture MLP GAN, batch 256. */
    RING_MLP("ring-mlp", 256) {
        @Override
        GanModels create(String engine, Device device) {
            return GanModels.create(
                    engine,
                    device,
                    MlpNetworks.perceptron(new int[] {128, 128}, Activation::reluBlock, 2),
                    MlpNetworks.perceptron(new int[] {128, 128}, Activation::reluBlock, 1),
                    new Shape(8),
                    new Shape(2));
        }

        @Override
        long generatorMultiplyAdds() {
            return 8 * 128 + 128 * 128 + 128 * 2;
        }

        @Override
        long discriminatorMultiplyAdds() {
            return 2 * 128 + 128 * 128 + 128;
        }

        @Override
        RealDataSource realData(long seed) {
            return new MixtureDataSource(SyntheticDistribution.RING8.mixture(), seed);
        }
    },

    /** The MNIST-sized MLP GAN, batch 64. */
    MNIST_MLP("mnist-mlp", 64) {
        @Override
        GanModels create(String engine, Device device) {
            SequentialBlock generator =
                    MlpNetworks.perceptron(new int[] {256, 512, 1024}, ReferenceModel::leakyRelu, 784)
                            .add(Activation.tanhBlock());
            return GanModels.create(
                    engine,
                    device,
                    generator,
                    MlpNetworks.perceptron(new int[] {512, 256}, ReferenceModel::leakyRelu, 1),
                    new Shape(100),
                    new Shape(784));
        }

        @Override
        long generatorMultiplyAdds() {
            return 100 * 256 + 256 * 512 + 512 * 1024 + 1024 * 784;
        }

        @Override
        long discriminatorMultiplyAdds() {
            return 784 * 512 + 512 * 256 + 256;
        }

        @Override
        RealDataSource realData(long seed) {
            return new UniformDataSource(new Shape(784), seed);
        }
    },

    /** DCGAN for 28x28 grey images, batch 64. */
    DCGAN28("dcgan28", 64) {
        @Override
        GanModels create(String engine, Device device) {
            return dcgan(engine, device, 28, 1);
        }

        @Override
        long generatorMultiplyAdds() {
            // Linear 100 -> 6272; ConvT 128 -> 64 on 7x7 inputs; ConvT 64 -> 1 on 14x14 inputs.
            return 100L * 128 * 7 * 7 + 7 * 7 * 128 * 64 * 16 + 14 * 14 * 64 * 16;
        }

        @Override
        long discriminatorMultiplyAdds() {
            // Conv 1 -> 64 to 14x14; Conv 64 -> 128 to 7x7; Linear 6272 -> 1.
            return 14 * 14 * 64 * 16 + 7 * 7 * 128 * 64 * 16 + 128 * 7 * 7;
        }

        @Override
        RealDataSource realData(long seed) {
            return new UniformDataSource(new Shape(1, 28, 28), seed);
        }
    },

    /** The canonical DCGAN for 64x64 RGB images (Radford et al.'s face model), batch 64. */
    DCGAN64("dcgan64", 64) {
        @Override
        GanModels create(String engine, Device device) {
            return dcgan(engine, device, 64, 3);
        }

        @Override
        long generatorMultiplyAdds() {
            // Linear 100 -> 512*4*4; ConvT 512 -> 256 on 4x4, 256 -> 128 on 8x8, 128 -> 64 on
            // 16x16, 64 -> 3 on 32x32 inputs.
            return 100L * 512 * 16
                    + 16L * 512 * 256 * 16
                    + 64L * 256 * 128 * 16
                    + 256L * 128 * 64 * 16
                    + 1024L * 64 * 3 * 16;
        }

        @Override
        long discriminatorMultiplyAdds() {
            // Conv 3 -> 64 to 32x32, 64 -> 128 to 16x16, 128 -> 256 to 8x8, 256 -> 512 to 4x4;
            // Linear 512*4*4 -> 1.
            return 1024L * 64 * 3 * 16
                    + 256L * 128 * 64 * 16
                    + 64L * 256 * 128 * 16
                    + 16L * 512 * 256 * 16
                    + 512L * 16;
        }

        @Override
        RealDataSource realData(long seed) {
            return new UniformDataSource(new Shape(3, 64, 64), seed);
        }
    };

    private final String id;
    private final int batchSize;

    ReferenceModel(String id, int batchSize) {
        this.id = id;
        this.batchSize = batchSize;
    }

    /**
     * Returns the name used on the command line and in reports.
     *
     * @return the name, for example {@code dcgan28}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the minibatch size the model is measured at.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Creates G and D on an engine, parameters initialised from the engine's random generator.
     *
     * @param engine the DJL engine name
     * @param device the device
     * @return the models
     */
    abstract GanModels create(String engine, Device device);

    /** DCGAN at a side and channel count with 64 base feature maps and z of 100, as the paper. */
    private static GanModels dcgan(String engine, Device device, int side, int channels) {
        return GanModels.create(
                engine,
                device,
                DcganNetworks.generator(
                        side, channels, 64, EngineQuirks.convolutionChannelMultiple(engine)),
                DcganNetworks.discriminator(side, channels, 64),
                new Shape(100),
                new Shape(channels, side, side));
    }

    /** Multiply-adds of one forward pass of G, per sample. */
    abstract long generatorMultiplyAdds();

    /** Multiply-adds of one forward pass of D, per sample. */
    abstract long discriminatorMultiplyAdds();

    /**
     * Creates the stream of real minibatches.
     *
     * @param seed the seed of the stream
     * @return the source
     */
    abstract RealDataSource realData(long seed);

    /**
     * Returns the floating-point operations of one training iteration, {@code batch * (4g + 9d)}
     * (see the class comment).
     *
     * @return FLOPs per iteration
     */
    public double flopsPerIteration() {
        return 2.0 * batchSize * (4.0 * generatorMultiplyAdds() + 9.0 * discriminatorMultiplyAdds());
    }

    /**
     * Finds a model by name, in any case.
     *
     * @param name the name
     * @return the model
     * @throws InvalidInputException naming the models if none matches
     */
    public static ReferenceModel of(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ReferenceModel model : values()) {
            if (model.id.equals(wanted)) {
                return model;
            }
        }
        throw new InvalidInputException(
                "Unknown benchmark model '"
                        + name
                        + "'; available: "
                        + Arrays.stream(values())
                                .map(ReferenceModel::id)
                                .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }

    private static Block leakyRelu() {
        return Activation.leakyReluBlock(MlpNetworks.LEAKY_SLOPE);
    }
}
