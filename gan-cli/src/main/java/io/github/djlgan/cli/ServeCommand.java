package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.serving.GeneratorModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code gan serve}: a run's image generator over HTTP, with a page to look at it. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a trained image generator over HTTP until Ctrl-C: GET /sample.png?seed=S&"
                    + "count=N&label=L (a grid; L a class name or label number),"
                    + " /interpolate.png?from=S1&to=S2&steps=K&label=L, /info"
                    + " (JSON) and / (a page to draw samples, pick a class and walk between two"
                    + " samples).",
            "Listens on 127.0.0.1 unless --host says otherwise. --engine onnxruntime serves the"
                    + " run's ONNX export (gan export)."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
    Path run;

    @Option(names = "--port", description = "Port; 0 picks a free one. Default: 8080.")
    int port = 8080;

    @Option(names = "--host", description = "Address to listen on. Default: 127.0.0.1.")
    String host = "127.0.0.1";

    @Option(names = "--engine", description = "pytorch, mxnet or onnxruntime. Default: the run's.")
    String engine;

    @Option(names = "--checkpoint", paramLabel = "WHICH", description = "latest, best or a step"
            + " (training engines). Default: latest.")
    String checkpoint = CheckpointStore.LATEST;

    @Option(names = "--workers", description = "Requests served at once (1 to 64). Default: 4.")
    int workers = 4;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port must be from 0 to 65535, got " + port);
        }
        if (workers < 1 || workers > 64) {
            throw new InvalidInputException("--workers must be from 1 to 64, got " + workers);
        }
        GeneratorServer server = start(run, engine, checkpoint, host, port, workers,
                spec.commandLine().getErr());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gan-serve-stop"));
        spec.commandLine().getOut().println(
                "serving " + run + " at " + server.address() + " (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return GanCli.OK;
    }

    /**
     * Opens a run's generator and starts serving it.
     *
     * @param run the run directory
     * @param engine the engine, or null for the run's
     * @param checkpoint which checkpoint a training engine loads
     * @param host the address to listen on
     * @param port the port, 0 for a free one
     * @param workers requests served at once
     * @param err where notes go
     * @return the running server; close it to stop
     * @throws IOException if reading the run fails
     */
    static GeneratorServer start(Path run, String engine, String checkpoint, String host,
            int port, int workers, java.io.PrintWriter err) throws IOException {
        ServedGenerator generator = ServedGenerator.open(run, engine, checkpoint, workers);
        try {
            ClassNames classes = OnnxSampler.wanted(engine)
                    ? GeneratorModel.classNames(
                            run.resolve(ExportCommand.DEFAULT_DIRECTORY), generator.config())
                    : RunClasses.of(generator.config(), err);
            return GeneratorServer.start(generator, classes, host, port, workers);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
    }
}
