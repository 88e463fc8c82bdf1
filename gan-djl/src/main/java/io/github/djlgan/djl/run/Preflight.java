package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.ModelConfig;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.DatasetSpec;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.engine.EngineQuirks;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;

import java.io.IOException;
import java.util.List;

/**
 * The checks every run passes before anything in its directory is written or changed, new and
 * resumed alike: the engine loads, the device exists, and for an image dataset the files are
 * readable, hold at least one batch of training images, and have the classes a conditional run
 * is conditioned on.
 *
 * <p>Class names: a conditional run's configuration records the names of its data's classes as
 * read (an image folder's class folders, a class none of whose pictures could be read left out;
 * an IDX collection's standard names). A new run takes them from the data; its number of classes
 * follows them where it was counted from the class folders before their pictures were read. A
 * run whose configuration already names its classes (a resumed run, or a config file naming
 * them) must find exactly those; a resumed run from before names were recorded must find as many
 * classes as it has, and records their names.
 *
 * @param config the run's settings, with its class names recorded
 * @param engine the engine the run trains on
 * @param device the device
 * @param trainImages the training images, or null for a built-in distribution
 * @param testImages the held-out images, or null for a built-in distribution
 */
record Preflight(
        TrainingConfig config,
        Engine engine,
        Device device,
        ImageDataset trainImages,
        ImageDataset testImages) {

    /**
     * Runs the checks.
     *
     * @param config the run's settings (for a resumed run, its config.json with the allowed
     *     changes)
     * @param resumed whether the run goes on from a checkpoint
     * @return what the checks opened, and the settings with the class names recorded
     * @throws InvalidInputException if the engine, device or data cannot be used, there are fewer
     *     training images than one batch, or the classes differ from the run's
     * @throws IOException if reading the data fails
     */
    static Preflight check(TrainingConfig config, boolean resumed) throws IOException {
        Engine engine = Engines.load(config.runtime().engine());
        Device device = Engines.device(engine, config.runtime().device());
        EngineQuirks.refuseKnownCrashes(
                engine, config.model().architecture(), config.model().hiddenWidth());
        if (config.penalty() != null) {
            // The engine's second-order gradients are probed on the run's own D, before the run
            // directory exists: a refusal leaves nothing behind.
            try (GanModels probe = GanSetup.models(config, device);
                    GradientPenalty penalty =
                            GradientPenalties.create(
                                    config.penalty(), probe, config.data().batchSize(), 0)) {
                penalty.positions();
            }
        }
        if (!config.data().datasetSpec().isImage()) {
            return new Preflight(config, engine, device, null, null);
        }
        ImageDataset.Splits images = GanSetup.images(config);
        ImageDataset train = images.train();
        if (train.size() < config.data().batchSize()) {
            throw new InvalidInputException(
                    config.data().dataset() + " holds " + train.size()
                            + " training images, fewer than one batch of " + config.data().batchSize()
                            + "; lower --batch-size");
        }
        TrainingConfig named = withClassNames(config, train.classNames(), resumed);
        return new Preflight(named, engine, device, train, images.test());
    }

    /** Records the classes found in the data, or refuses them; see the class description. */
    private static TrainingConfig withClassNames(
            TrainingConfig config, List<String> found, boolean resumed) throws IOException {
        ModelConfig model = config.model();
        if (!model.conditional()) {
            return config;
        }
        boolean accepted = model.classNames().isEmpty()
                ? found.size() == model.classes()
                        || !resumed && countedBeforeReading(config, model.classes())
                : model.classNames().equals(found);
        if (!accepted) {
            throw new InvalidInputException(
                    (resumed ? "Cannot resume: " : "") + config.data().dataset() + " has "
                            + found.size() + " classes " + found + ", but the run is conditional"
                            + " on " + model.classes() + (model.classNames().isEmpty() ? ""
                                    : ": " + model.classNames()));
        }
        return config.toBuilder()
                .optModel(m -> m.optClasses(found.size()).optClassNames(found))
                .build();
    }

    /** Tells whether a folder's class count is its class folders', counted before decoding. */
    private static boolean countedBeforeReading(TrainingConfig config, int classes)
            throws IOException {
        return config.data().datasetSpec() instanceof DatasetSpec.Folder
                && GanSetup.imageClassNames(config).size() == classes;
    }
}
