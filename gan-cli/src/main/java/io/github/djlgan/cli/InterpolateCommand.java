package io.github.djlgan.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.run.TrainedRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gan interpolate}: rows of images along straight lines in latent space, as in the paper's
 * Figure 3.
 */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        description = {
            "Draws rows of linear interpolations between random latent points (Figure 3).",
            "Each row runs from G(z0) to G(z1) in equal steps of z = (1 - a) z0 + a z1, for an"
                    + " image run's newest checkpoint (or the one --checkpoint names). A"
                    + " conditional run's rows keep one class each (with --label, the same one)."
        })
final class InterpolateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunSelection selection;

    @Option(names = "--rows", description = "Pairs of latent points. Default: 8.")
    int rows = 8;

    @Option(names = "--steps", description = "Images per row, ends included. Default: 10.")
    int steps = 10;

    @Option(names = "--out", paramLabel = "FILE",
            description = "PNG file. Default: DIR/samples/interpolation.png.")
    Path out;

    @Option(names = "--label", paramLabel = "CLASS", description = "The class of every row, for a"
            + " conditional run: its name or its label number. Default: row r draws class r"
            + " mod the number of classes.")
    String label;



    @Override
    public Integer call() throws IOException {
        if (rows < 1 || steps < 2) {
            throw new InvalidInputException("--rows must be at least 1 and --steps at least 2");
        }
        Path target = selection.output(out, "interpolation.png");
        try (TrainedRun trained = selection.open()) {
            trained.requireImages("interpolate draws images");
            int latent = trained.config().model().latentDim();
            NoiseSource noise = trained.noise();
            float[] latents = new float[rows * steps * latent];
            try (NDManager scope = trained.models().generator().getNDManager().newSubManager()) {
                float[] ends = noise.next(scope, 2 * rows).toFloatArray();
                for (int row = 0; row < rows; row++) {
                    for (int step = 0; step < steps; step++) {
                        float a = step / (float) (steps - 1);
                        for (int j = 0; j < latent; j++) {
                            float start = ends[(2 * row) * latent + j];
                            float end = ends[(2 * row + 1) * latent + j];
                            latents[(row * steps + step) * latent + j] = (1 - a) * start + a * end;
                        }
                    }
                }
                NDList input =
                        new NDList(scope.create(latents, new Shape(rows * steps, latent)));
                int classes = trained.config().model().classes();
                Integer chosen = label == null ? null : RunClasses.label(
                        RunClasses.of(trained.config(), spec.commandLine().getErr()), label,
                        "--label");
                if (classes > 0) {
                    // A conditional G: row r keeps its class along its line, the one asked for
                    // or r mod classes.
                    int[] labels = new int[rows * steps];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = chosen != null ? chosen : i / steps % classes;
                    }
                    input.add(noise.labels(scope, labels));
                }
                float[] images = trained.models().generate(input).toFloatArray();
                AtomicFiles.writePng(
                        target,
                        ImageGrid.render(
                                trained.config().model().architecture().pixelRange(),
                                images,
                                rows * steps,
                                trained.config().data().channels(),
                                trained.config().data().imageSize(),
                                steps));
            }
        }
        spec.commandLine().getOut().println("wrote " + target);
        return GanCli.OK;
    }
}
