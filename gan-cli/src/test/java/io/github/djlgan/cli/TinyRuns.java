package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;

import io.github.djlgan.djl.data.ImageFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small trained runs for the tests of the commands that use one, and their cleaning up. */
final class TinyRuns {

    private TinyRuns() {}

    /**
     * Trains a conditional DCGAN on MXNet for 3 steps on a fixture Fashion-MNIST collection
     * (64 training images): width 16, latent size 8.
     *
     * @param root the folder for the data and the run
     * @param seed the run's seed
     * @return the run directory, {@code root/conditional}
     * @throws IOException if writing fails
     */
    static Path conditionalDcgan(Path root, long seed) throws IOException {
        Path data = ImageFixtures.writeCollection(root.resolve("data"), 64, 32, 5);
        Path run = root.resolve("conditional");
        CliResult trained =
                CliResult.run(
                        "train", "--engine", "mxnet", "--dataset", "fashion-mnist",
                        "--data-dir", data.toString(), "--conditional", "--steps", "3",
                        "--batch-size", "16", "--hidden-width", "16", "--latent-dim", "8",
                        "--seed", Long.toString(seed), "--no-progress", "--out", run.toString());
        assertEquals(trained.code(), 0, trained.err());
        return run;
    }

    /**
     * Deletes a folder and everything in it, if it exists.
     *
     * @param directory the folder
     * @throws IOException if deleting fails
     */
    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
