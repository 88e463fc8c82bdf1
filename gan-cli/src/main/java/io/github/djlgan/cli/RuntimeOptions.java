package io.github.djlgan.cli;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.engine.Engines;

import picocli.CommandLine.Option;

/** {@code gan train}'s runtime options: where the run computes. They may change on resume. */
final class RuntimeOptions {

    @Option(names = "--engine",
            description = "PyTorch or MXNet (any case). ${bundle:default.engine}")
    String engine;

    @Option(names = "--device",
            description = "cpu, gpu, gpu:N or auto (a GPU when the engine sees one, else the CPU;"
                    + " train.log and manifest.json say which). ${bundle:default.device}")
    String device;

    void applyTo(TrainingConfig.Builder builder) {
        builder.optRuntime(r -> {
            if (engine != null) {
                r.optEngine(Engines.canonicalName(engine));
            }
            if (device != null) {
                r.optDevice(device);
            }
        });
    }
}
