package io.github.djlgan.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options of the commands that use a trained run: which run, on which engine and device. */
final class RunSelection {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
    Path run;

    @Option(names = "--engine", description = "Engine to use. Default: the run's.")
    String engine;

    @Option(names = "--device", description = "Device to use. Default: cpu.")
    String device = "cpu";

    /**
     * Opens the selected run.
     *
     * @return its config and newest checkpoint's networks
     * @throws IOException if reading fails
     */
    TrainedRun open() throws IOException {
        return TrainedRun.open(run, engine, device);
    }
}
