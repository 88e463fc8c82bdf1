package io.github.djlgan.cli;

import io.github.djlgan.djl.run.TrainedRun;
import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.checkpoint.CheckpointStore;
import io.github.djlgan.djl.export.GeneratorOnnx;
import io.github.djlgan.djl.export.OnnxGeneratorModel;
import io.github.djlgan.djl.io.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gan export}: writes a run's generator as an ONNX model. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a trained generator (its weight average when the run kept one, --ema) as an"
                    + " ONNX model (opset " + GeneratorOnnx.OPSET + "): input z (float, batch x"
                    + " latent size) and, for a conditional run, label (int64, batch); output"
                    + " image (batch x channels x height x width, in the architecture's pixel"
                    + " range) or sample (batch x dimensions).",
            "--out DIR writes a model directory for DJL's OnnxRuntime engine (generator.onnx,"
                    + " gan-config.json, synset.txt with a conditional run's class names,"
                    + " serving.properties), which gan sample --engine"
                    + " onnxruntime reads from RUN/" + ExportCommand.DEFAULT_DIRECTORY
                    + "; --out FILE.onnx writes the model file alone. Written under a"
                    + " temporary name and renamed, so nothing is left half-written."
        })
final class ExportCommand implements Callable<Integer> {

    /** Where the export goes when --out is not given, and where sampling looks for it. */
    static final String DEFAULT_DIRECTORY = "onnx";

    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "WHICH", description = "latest, best or a step"
            + " such as 5000. Default: latest.")
    String checkpoint = CheckpointStore.LATEST;

    @Option(names = "--format", description = "onnx (the only one). Default: onnx.")
    String format = "onnx";

    @Option(names = "--engine", description = "The training engine that reads the checkpoint."
            + " Default: the run's.")
    String engine;

    @Option(names = "--out", paramLabel = "PATH", description = "A model directory, or a file"
            + " ending in .onnx. Default: RUN/" + DEFAULT_DIRECTORY + ".")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!"onnx".equals(format.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("Unknown export format '" + format + "'; known: onnx");
        }
        Path target = out != null ? out : run.resolve(DEFAULT_DIRECTORY);
        boolean fileOnly = target.getFileName().toString().endsWith(".onnx");
        if (fileOnly && Files.isDirectory(target)) {
            throw new InvalidInputException("'" + target + "' is a directory, not an .onnx file");
        }
        long bytes;
        try (TrainedRun trained = TrainedRun.open(run, engine, "cpu", null, checkpoint)) {
            ClassNames classes = RunClasses.of(trained.config(), spec.commandLine().getErr());
            List<String> names = classes.named() ? classes.names() : List.of();
            if (fileOnly) {
                byte[] model =
                        GeneratorOnnx.toOnnx(trained.models(), trained.config(), names)
                                .toByteArray();
                writeFile(target, model);
                bytes = model.length;
            } else {
                bytes = OnnxGeneratorModel.save(trained.models(), trained.config(), names, target);
            }
        }
        spec.commandLine()
                .getOut()
                .printf(Locale.ROOT, "wrote %s (%s of ONNX, opset %d)%n", target,
                        bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6),
                        GeneratorOnnx.OPSET);
        return GanCli.OK;
    }

    private static void writeFile(Path target, byte[] model) throws IOException {
        try {
            AtomicFiles.write(target, stream -> stream.write(model));
        } catch (IOException e) {
            throw new InvalidInputException("Cannot write '" + target + "': " + e, e);
        }
    }
}
