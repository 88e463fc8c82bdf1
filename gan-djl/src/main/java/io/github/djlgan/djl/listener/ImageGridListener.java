package io.github.djlgan.djl.listener;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.data.NoiseSource;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.train.GanTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every N steps and after the last step, writes {@code samples/step-NNNNNNNN.png}: an 8x8 grid of
 * G's images from one fixed noise batch, so pictures over time show the same 64 latent points.
 * For a conditional G the grid has 8 rows of one z each and a column per class (the first {@value
 * #MAX_CLASS_COLUMNS} classes): across a row only the label changes.
 */
public final class ImageGridListener extends PeriodicListener {

    /** The number of images in a grid. */
    public static final int IMAGES = 64;

    /** The most classes a conditional grid shows. */
    public static final int MAX_CLASS_COLUMNS = 10;

    private static final int ROWS = 8;

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
        NoiseSource fixed = trainer.noise().withSeed(noiseSeed);
        GanModels models = trainer.models();
        long[] shape = models.sampleShape().getShape();
        Path file = directory.resolve(String.format(Locale.ROOT, "step-%08d.png", trainer.step()));
        if (models.classes() == 0) {
            float[] images = models.sample(fixed, IMAGES);
            AtomicFiles.writePng(
                    file, ImageGrid.render(range, images, IMAGES, (int) shape[0], (int) shape[1]));
            return;
        }
        int columns = Math.min(models.classes(), MAX_CLASS_COLUMNS);
        int latentDim = fixed.latentDim();
        float[] images;
        try (NDManager scope = models.generator().getNDManager().newSubManager()) {
            float[] rows = fixed.next(scope, ROWS).toFloatArray();
            float[] latents = new float[ROWS * columns * latentDim];
            int[] labels = new int[ROWS * columns];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % columns;
                System.arraycopy(rows, i / columns * latentDim, latents, i * latentDim, latentDim);
            }
            NDList input =
                    new NDList(
                            scope.create(latents, new Shape(labels.length, latentDim)),
                            fixed.labels(scope, labels));
            images = models.generate(input).toFloatArray();
        }
        AtomicFiles.writePng(
                file,
                ImageGrid.render(
                        range, images, ROWS * columns, (int) shape[0], (int) shape[1], columns));
    }
}
