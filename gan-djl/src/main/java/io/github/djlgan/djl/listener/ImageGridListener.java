package io.github.djlgan.djl.listener;

import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every N steps and after the last step, writes {@code samples/step-NNNNNNNN.png}: an 8x8 grid of
 * G's images from one fixed noise batch, so pictures over time show the same 64 latent points.
 */
public final class ImageGridListener extends PeriodicListener {

    /** The number of images in a grid. */
    public static final int IMAGES = 64;

    private final Path directory;
    private final long noiseSeed;
    private final PixelRange range;

    /**
     * Creates the listener.
     *
     * @param directory the run's {@code samples} directory
     * @param every the interval in steps; 0 draws only the final grid
     * @param seed the seed of the fixed noise batch
     * @param range the range of the generator's pixel values
     */
    public ImageGridListener(Path directory, int every, long seed, PixelRange range) {
        super(every);
        this.directory = directory;
        this.noiseSeed = seed;
        this.range = range;
    }

    @Override
    void act(GanTrainer trainer) throws IOException {
        NoiseSource fixed =
                new NoiseSource(trainer.noise().kind(), trainer.noise().latentDim(), noiseSeed);
        float[] images = trainer.models().sample(fixed, IMAGES);
        long[] shape = trainer.models().sampleShape().getShape();
        Path file = directory.resolve(String.format(Locale.ROOT, "step-%08d.png", trainer.step()));
        AtomicFiles.writePng(
                file, ImageGrid.render(range, images, IMAGES, (int) shape[0], (int) shape[1]));
    }
}
