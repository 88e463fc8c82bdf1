package io.github.djlgan.cli;

import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.io.RunDirectory;
import io.github.djlgan.djl.run.TrainedRun;

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

    @Option(names = "--seed", description = "Noise seed. Default: derived from the run's seed.")
    Long seed;

    @Option(names = "--checkpoint", paramLabel = "WHICH", description = "latest, best (the run's"
            + " best by its --keep-best metric) or a step such as 5000. Default: latest.")
    String checkpoint = CheckpointStore.LATEST;

    /**
     * Opens the selected run.
     *
     * @return its config and the selected checkpoint's networks
     * @throws IOException if reading fails
     */
    TrainedRun open() throws IOException {
        return TrainedRun.open(run, engine, device, seed, checkpoint);
    }

    /**
     * Returns where a picture goes: the file the user named, or one in the run's samples folder.
     *
     * @param out the file named with {@code --out}, or null
     * @param name the default file name
     * @return the path to write
     */
    Path output(Path out, String name) {
        return out != null ? out : run.resolve(RunDirectory.SAMPLES).resolve(name);
    }
}
