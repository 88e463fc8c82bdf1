package io.github.djlgan.djl.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.data.ImageDataset;
import io.github.djlgan.djl.engine.EngineQuirks;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.penalty.GradientPenalties;
import io.github.djlgan.djl.penalty.GradientPenalty;

import java.io.IOException;

/**
 * The checks every run passes before anything in its directory is written or changed, new and
 * resumed alike: the engine loads, the device exists, and for an image dataset the files are
 * readable, hold at least one batch of training images, and have as many classes as a
 * conditional run is conditioned on.
 *
 * @param engine the engine the run trains on
 * @param device the device
 * @param trainImages the training images, or null for a built-in distribution
 * @param testImages the held-out images, or null for a built-in distribution
 */
record Preflight(Engine engine, Device device, ImageDataset trainImages, ImageDataset testImages) {

    /**
     * Runs the checks.
     *
     * @param config the run's settings (for a resumed run, its config.json with the allowed
     *     changes)
     * @return what the checks opened
     * @throws InvalidInputException if the engine, device or data cannot be used, there are fewer
     *     training images than one batch, or the class count differs from the run's
     * @throws IOException if reading the data fails
     */
    static Preflight check(TrainingConfig config) throws IOException {
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
            return new Preflight(engine, device, null, null);
        }
        ImageDataset.Splits images = GanSetup.images(config);
        ImageDataset train = images.train();
        if (train.size() < config.data().batchSize()) {
            throw new InvalidInputException(
                    config.data().dataset() + " holds " + train.size()
                            + " training images, fewer than one batch of " + config.data().batchSize()
                            + "; lower --batch-size");
        }
        int classes = train.classNames().size();
        if (config.model().classes() > 0 && config.model().classes() != classes) {
            throw new InvalidInputException(
                    config.data().dataset() + " has " + classes + " classes " + train.classNames()
                            + ", but the run is conditional on " + config.model().classes());
        }
        return new Preflight(engine, device, train, images.test());
    }
}
