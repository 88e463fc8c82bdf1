package io.github.djlgan.djl.run;

import ai.djl.training.dataset.Dataset;
import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;

import java.io.IOException;

/**
 * Settings that only a dataset's files tell: how many classes it has, and how many steps make a
 * number of passes over its training images. Library users call these as the {@code gan train}
 * command does.
 */
public final class RunPlanning {

    private RunPlanning() {}

    /**
     * Makes a run conditional on its dataset's classes (Mirza and Osindero 2014): an IDX
     * collection's, or for an image folder as many as it has first-level class sub-folders,
     * counted without decoding a picture. A number of classes the builder already holds is kept.
     * When the run starts ({@link TrainingRun#prepare}) it reads the pictures and records the
     * classes' names in its configuration; a class folder none of whose pictures can be read is
     * left out then, and the number of classes follows.
     *
     * @param builder the settings so far; changed in place
     * @return the builder
     * @throws IOException if a folder cannot be listed
     * @throws InvalidInputException if the dataset has no labels, or a folder is missing or empty
     */
    public static TrainingConfig.Builder conditional(TrainingConfig.Builder builder)
            throws IOException {
        TrainingConfig unconditional = builder.optModel(m -> m.optConditional(false)).build();
        builder.optModel(m -> m.optConditional(true));
        if (unconditional.data().datasetSpec() instanceof DatasetSpec.Folder
                && unconditional.model().classes() == 0) {
            int classes = GanSetup.imageClassNames(unconditional).size();
            builder.optModel(m -> m.optClasses(classes));
        }
        return builder;
    }

    /**
     * Returns the number of steps that make {@code epochs} passes over the training images. An
     * epoch is one pass over the training data whatever k is: each step draws k real minibatches
     * (one per discriminator update) and a pass holds floor(images / batch) of them, so
     *
     * <pre>steps = ceil(epochs * max(1, floor(trainImages / batchSize)) / k)</pre>
     *
     * <p>The last step may finish a pass's final minibatches early by up to k - 1.
     *
     * @param config the run's settings, naming an image dataset
     * @param epochs the number of passes, at least 1
     * @return the number of generator updates
     * @throws IOException if the dataset's files cannot be read
     * @throws InvalidInputException for a built-in distribution (which is endless), fewer than 1
     *     epoch, or missing files
     * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Algorithm 1</a>
     */
    public static long stepsForEpochs(TrainingConfig config, long epochs) throws IOException {
        if (!config.data().datasetSpec().isImage()) {
            throw new InvalidInputException(
                    "epochs apply to image datasets; " + config.data().dataset()
                            + " is endless, give steps instead");
        }
        if (epochs < 1) {
            throw new InvalidInputException("epochs must be at least 1, got " + epochs);
        }
        long perEpoch =
                Math.max(1, GanSetup.imageCount(config, Dataset.Usage.TRAIN)
                        / config.data().batchSize());
        long k = config.loop().discriminatorSteps();
        long batches = Math.multiplyExact(epochs, perEpoch);
        return (batches + k - 1) / k;
    }
}
