package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.io.RunDirectory;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gan plot}: loss and discriminator-output curves of a run, from its metrics.csv. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = {
            "Plots a run's losses and mean D outputs over the steps.",
            "Reads DIR/metrics.csv; draws D and G losses above mean D(x) and D(G(z)) with XChart."
        })
final class PlotCommand implements Callable<Integer> {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 360;

    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
    Path run;

    @Option(names = "--out", paramLabel = "FILE",
            description = "PNG file. Default: DIR/samples/curves.png.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path csv = run.resolve(RunDirectory.METRICS);
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("'" + run + "' has no " + RunDirectory.METRICS, e);
        }
        if (lines.size() < 2) {
            throw new InvalidInputException(csv + " has no rows yet");
        }
        int rows = lines.size() - 1;
        double[][] columns = new double[5][rows];
        for (int row = 0; row < rows; row++) {
            String[] fields = lines.get(row + 1).split(",");
            if (fields.length < 5) {
                throw new InvalidInputException(csv + ", line " + (row + 2) + ": too few columns");
            }
            try {
                for (int column = 0; column < 5; column++) {
                    columns[column][row] = Double.parseDouble(fields[column]);
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException(csv + ", line " + (row + 2) + ": " + e.getMessage(), e);
            }
        }
        XYChart losses = chart("Losses", "nats");
        losses.addSeries("D loss", columns[0], columns[1]).setMarker(SeriesMarkers.NONE);
        losses.addSeries("G loss", columns[0], columns[2]).setMarker(SeriesMarkers.NONE);
        XYChart scores = chart("Mean discriminator output", "D");
        scores.addSeries("D(x)", columns[0], columns[3]).setMarker(SeriesMarkers.NONE);
        scores.addSeries("D(G(z))", columns[0], columns[4]).setMarker(SeriesMarkers.NONE);
        scores.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);

        BufferedImage picture = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(losses), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(scores), 0, HEIGHT, null);
        } finally {
            g.dispose();
        }
        Path target = out != null ? out : run.resolve(RunDirectory.SAMPLES).resolve("curves.png");
        AtomicFiles.writePng(target, picture);
        spec.commandLine().getOut().println("wrote " + target);
        return GanCli.OK;
    }

    private static XYChart chart(String title, String axis) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle("step")
                        .yAxisTitle(axis)
                        .build();
        chart.getStyler().setLegendVisible(true);
        return chart;
    }
}
