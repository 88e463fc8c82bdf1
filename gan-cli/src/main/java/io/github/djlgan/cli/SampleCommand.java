package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.data.IdxFile;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.ImageGrid;
import io.github.djlgan.djl.run.TrainedRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gan sample}: draws samples from a trained generator into a CSV file. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {
            "Writes samples of a trained generator.",
            "Loads the run's newest checkpoint (or the one --checkpoint names). csv (built-in data): a header, then one sample"
                    + " per row (x for 1D data, x,y for 2D data). png (images): one grid when"
                    + " --out ends in .png, else a folder of one PNG per sample."
                    + " idx (images): an IDX file of unsigned bytes in MNIST layout.",
            "--engine onnxruntime samples the run's ONNX export (gan export, in RUN/onnx) on"
                    + " DJL's OnnxRuntime engine; --checkpoint does not apply, the export holds"
                    + " the checkpoint it was made from."
        })
final class SampleCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunSelection selection;

    @Option(names = "--count", description = "How many samples. Default: 1000.")
    int count = 1000;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file.")
    Path out;

    @Option(names = "--format", description = "csv, png or idx. Default: csv for built-in data,"
            + " png for images.")
    String format;

    @Option(names = "--label", paramLabel = "CLASS", description = "The class to draw, for a"
            + " conditional run: its name (a class folder's name, or for example Sneaker on"
            + " Fashion-MNIST) or its label number. Default: classes drawn at random.")
    String label;



    /**
     * Refuses a count whose samples cannot be held at once: they are drawn into one array of
     * floats, which must fit in a quarter of the heap.
     */
    static void requireFits(long count, long valuesPerSample) {
        long bytes = count * valuesPerSample * Float.BYTES;
        long room = Runtime.getRuntime().maxMemory() / 4;
        if (count * valuesPerSample > Integer.MAX_VALUE - 8 || bytes > room) {
            throw new InvalidInputException(
                    "--count " + count + " needs " + (bytes >> 20) + " MiB for its samples, more"
                            + " than the " + (room >> 20) + " MiB this command may use; draw"
                            + " fewer at once");
        }
    }

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new InvalidInputException("--count must be positive, got " + count);
        }
        if (OnnxSampler.wanted(selection.engine)) {
            OnnxSampler exported = OnnxSampler.sample(selection.run, selection.seed, count, label);
            write(exported.config(), exported.samples());
            spec.commandLine().getOut().println("wrote " + count + " samples to " + out);
            return GanCli.OK;
        }
        try (TrainedRun trained = selection.open()) {
            requireFits(count, trained.models().sampleShape().size());
            float[] samples;
            if (label == null) {
                samples = trained.models().sample(trained.noise(), count);
            } else {
                int[] labels = new int[count];
                Arrays.fill(labels, RunClasses.label(
                        RunClasses.of(trained.config(), spec.commandLine().getErr()), label,
                        "--label"));
                samples = trained.models().sample(trained.noise(), labels);
            }
            write(trained.config(), samples);
        }
        spec.commandLine().getOut().println("wrote " + count + " samples to " + out);
        return GanCli.OK;
    }

    private void write(TrainingConfig config, float[] samples) throws IOException {
        boolean images = config.data().datasetSpec().isImage();
        String chosen = format != null ? format : images ? "png" : "csv";
        switch (chosen) {
            case "csv" -> {
                if (images) {
                    throw new InvalidInputException("csv is for built-in data; use png or idx");
                }
                int dimension = config.data().syntheticDistribution().mixture().dimension();
                AtomicFiles.writeString(out, toCsv(samples, dimension));
            }
            case "png", "idx" -> {
                if (!images) {
                    throw new InvalidInputException(chosen + " is for images; use csv");
                }
                int size = config.data().imageSize();
                int channels = config.data().channels();
                PixelRange range = config.model().architecture().pixelRange();
                if ("png".equals(chosen) && out.getFileName().toString().endsWith(".png")) {
                    AtomicFiles.writePng(out, ImageGrid.render(range, samples, count, channels,
                            size));
                } else if ("png".equals(chosen)) {
                    writeFolder(range, samples, channels, size);
                } else {
                    byte[] bytes = new byte[samples.length];
                    for (int i = 0; i < samples.length; i++) {
                        bytes[i] = (byte) range.toByte(samples[i]);
                    }
                    int[] dimensions =
                            channels == 1
                                    ? new int[] {count, size, size}
                                    : new int[] {count, channels, size, size};
                    new IdxFile(dimensions, bytes).write(out);
                }
            }
            default ->
                    throw new InvalidInputException(
                            "Unknown format '" + chosen + "'; known: csv, png, idx");
        }
    }

    /** One PNG per sample, {@code sample-NNNNN.png}, in the folder {@code --out}. */
    private void writeFolder(PixelRange range, float[] samples, int channels,
            int size) throws IOException {
        Files.createDirectories(out);
        int values = channels * size * size;
        for (int i = 0; i < count; i++) {
            float[] one = Arrays.copyOfRange(samples, i * values, (i + 1) * values);
            AtomicFiles.writePng(
                    out.resolve(String.format(Locale.ROOT, "sample-%05d.png", i)),
                    ImageGrid.single(range, one, channels, size));
        }
    }

    static String toCsv(float[] samples, int dimension) {
        StringBuilder csv = new StringBuilder(samples.length * 12);
        csv.append(dimension == 1 ? "x" : "x,y").append('\n');
        for (int i = 0; i < samples.length; i += dimension) {
            for (int j = 0; j < dimension; j++) {
                csv.append(j == 0 ? "" : ",")
                        .append(String.format(Locale.ROOT, "%.6g", samples[i + j]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
