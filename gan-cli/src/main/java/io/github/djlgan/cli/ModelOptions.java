package io.github.djlgan.cli;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.NoiseKind;
import io.github.djlgan.api.config.TrainingConfig;

import picocli.CommandLine.Option;

/** {@code gan train}'s model options: G, D and the prior. */
final class ModelOptions {

    @Option(names = "--arch", description = "mlp (built-in data), dcgan or paper-mlp (images: the"
            + " paper's maxout MNIST networks). ${bundle:default.architecture}")
    String architecture;

    @Option(names = "--conditional", description = "Conditional GAN (Mirza and Osindero 2014):"
            + " G and D both see each image's class, so `gan sample --label N` draws class N.")
    boolean conditional;

    @Option(names = "--noise", description = "gaussian or uniform. ${bundle:default.noise}")
    String noise;

    @Option(names = "--latent-dim", description = "Size of z. ${bundle:default.latentDim}")
    Integer latentDim;

    @Option(names = "--hidden-width", description = "Units per MLP hidden layer, DCGAN's base"
            + " feature maps, or paper-mlp's generator width. ${bundle:default.hiddenWidth}")
    Integer hiddenWidth;

    @Option(names = "--hidden-layers",
            description = "Hidden layers per network. ${bundle:default.hiddenLayers}")
    Integer hiddenLayers;

    @Option(names = "--batch-norm", negatable = true, description = "Batch-normalise the mlp"
            + " generator's hidden layers (PacGAN's grid generator)."
            + " ${bundle:default.generatorBatchNorm}")
    Boolean generatorBatchNorm;

    @Option(names = "--maxout-pieces", paramLabel = "K", description = "Maxout units of K pieces"
            + " in the mlp discriminator (PacGAN's grid discriminator: 5); 0: LeakyReLU units."
            + " ${bundle:default.maxoutPieces}")
    Integer maxoutPieces;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optModel(m -> {
            Flags.set(architecture, v -> m.optArchitecture(ArchitectureKind.fromId(v)));
            Flags.set(noise, v -> m.optNoise(NoiseKind.fromId(v)));
            Flags.set(latentDim, m::optLatentDim);
            Flags.set(hiddenWidth, m::optHiddenWidth);
            Flags.set(hiddenLayers, m::optHiddenLayers);
            Flags.set(generatorBatchNorm, m::optGeneratorBatchNorm);
            Flags.set(maxoutPieces, m::optMaxoutPieces);
        });
    }
}
