package io.github.djlgan.djl.listener;

import io.github.djlgan.api.data.SyntheticDistribution;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.DistributionPlot;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Every N steps and after the last step, writes {@code samples/step-NNNNNNNN.png}: samples of G
 * from one fixed noise batch (so pictures over time are comparable) over real samples and D's
 * output. See {@link DistributionPlot}.
 */
public final class SamplePlotListener extends PeriodicListener {

    /** How many generated and real points each picture shows. */
    public static final int POINTS = 1000;

    private final Path directory;
    private final SyntheticDistribution distribution;
    private final long noiseSeed;
    private final float[] real;
    private Path lastPicture;

    /**
     * Creates the listener.
     *
     * @param directory the run's {@code samples} directory
     * @param every the interval in steps; 0 draws only the final picture
     * @param distribution the data distribution
     * @param seed the seed of the fixed noise batch and of the real points shown
     */
    public SamplePlotListener(
            Path directory, int every, SyntheticDistribution distribution, long seed) {
        super(every);
        this.directory = directory;
        this.distribution = distribution;
        this.noiseSeed = seed;
        this.real = distribution.mixture().sample(new SplittableRandom(seed), POINTS);
    }

    /**
     * Returns the newest picture written.
     *
     * @return its path, or null before the first
     */
    public Path lastPicture() {
        return lastPicture;
    }

    private String legend() {
        return distribution.mixture().dimension() == 1
                ? "p_data black dots, p_g green, D(x) blue dashes"
                : "G(z) green, data black, D(x) red = real, blue = fake";
    }

    @Override
    void act(GanTrainer trainer) throws IOException {
        GanModels models = trainer.models();
        NoiseSource fixedNoise =
                new NoiseSource(trainer.noise().kind(), trainer.noise().latentDim(), noiseSeed);
        float[] generated = models.sample(fixedNoise, POINTS);
        float[] discriminator =
                models.realProbability(DistributionPlot.probePoints(distribution));
        String name = String.format(Locale.ROOT, "step-%08d.png", trainer.step());
        Path file = directory.resolve(name);
        AtomicFiles.writePng(
                file,
                DistributionPlot.render(
                        distribution,
                        distribution.id() + ", step " + trainer.step() + ": " + legend(),
                        real,
                        generated,
                        discriminator));
        lastPicture = file;
    }
}
