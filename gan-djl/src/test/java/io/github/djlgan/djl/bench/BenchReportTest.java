package io.github.djlgan.djl.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.testng.annotations.Test;

import java.util.List;

public class BenchReportTest {

    private static BenchReport report() {
        List<BenchReport.Row> rows =
                BenchReport.Row.withRatios(
                        List.of(
                                BenchReport.Row.of(
                                        "PyTorch",
                                        ReferenceModel.DCGAN28,
                                        4,
                                        new double[] {100, 120, 110},
                                        200,
                                        1L << 30,
                                        200),
                                BenchReport.Row.of(
                                        "MXNet",
                                        ReferenceModel.DCGAN28,
                                        4,
                                        new double[] {150, 160},
                                        300,
                                        -1,
                                        100),
                                BenchReport.Row.of(
                                        "MXNet",
                                        ReferenceModel.RING_MLP,
                                        9,
                                        new double[] {5},
                                        5,
                                        -1,
                                        100)));
        EngineComparison.Settings settings =
                new EngineComparison.Settings(
                        List.of("PyTorch", "MXNet"),
                        List.of(ReferenceModel.DCGAN28),
                        3,
                        1,
                        0,
                        1,
                        Device.cpu());
        BenchReport.Machine machine =
                new BenchReport.Machine(
                        "2026-11-28T00:00:00Z", "Linux amd64", 2, "17", "0.36.0", "cpu()",
                        "unset", "0.1 0.2 0.3", "0.4 0.5 0.6", settings.seed(),
                        settings.repetitions(),
                        List.of(new BenchReport.EngineInfo("PyTorch", "2.7.1", "intra-op 1", 200)));
        return new BenchReport(machine, rows);
    }

    @Test
    public void rowsCarryMedianRateShareAndRatioToPyTorch() {
        List<BenchReport.Row> rows = report().rows();
        BenchReport.Row pytorch = rows.get(0);
        assertEquals(pytorch.medianMillis(), 110.0);
        assertEquals(pytorch.minMillis(), 100.0);
        assertEquals(pytorch.maxMillis(), 120.0);
        assertEquals(pytorch.samplesPerSecond(), 64 / 0.110, 1e-9);
        assertEquals(pytorch.peakResidentMib(), 1024.0);
        double gflop = ReferenceModel.DCGAN28.flopsPerIteration() / 1e9;
        assertEquals(pytorch.achievedGflops(), gflop / 0.110, 1e-9);
        assertEquals(pytorch.shareOfPeak(), gflop / 0.110 / 200, 1e-12);
        assertEquals(pytorch.ratioToPyTorch(), 1.0);
        // Two repetitions: the median is the mean of both.
        assertEquals(rows.get(1).medianMillis(), 155.0);
        assertEquals(rows.get(1).ratioToPyTorch(), 155.0 / 110.0, 1e-12);
        // No PyTorch row for this model: no ratio.
        assertNull(rows.get(2).ratioToPyTorch());
    }

    @Test
    public void csvHasAHeaderAndOneLineOfEqualWidthPerRow() {
        String[] lines = report().toCsv().split("\n");
        assertEquals(lines.length, 4);
        int columns = lines[0].split(",", -1).length;
        for (String line : lines) {
            assertEquals(line.split(",", -1).length, columns, line);
        }
        assertTrue(lines[1].startsWith("dcgan28,PyTorch,64,3,4,110.0000,"), lines[1]);
    }

    @Test
    public void markdownAndJsonHoldEveryRow() {
        BenchReport report = report();
        String markdown = report.toMarkdown();
        assertTrue(markdown.contains("| dcgan28 | MXNet | 64 | 155.00 | 150.00-160.00 |"), markdown);
        assertTrue(markdown.contains("| ring-mlp | MXNet |"), markdown);
        JsonObject json = JsonParser.parseString(report.toJson()).getAsJsonObject();
        assertEquals(json.getAsJsonArray("rows").size(), 3);
        assertEquals(
                json.getAsJsonObject("machine").getAsJsonArray("engines").get(0)
                        .getAsJsonObject().get("matmulGflops").getAsDouble(),
                200.0);
    }

    @Test
    public void settingsRejectImpossibleValues() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new EngineComparison.Settings(
                                List.of("PyTorch"),
                                List.of(ReferenceModel.RING_MLP),
                                0,
                                1,
                                0,
                                1,
                                Device.cpu()));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new EngineComparison.Settings(
                                List.of(), List.of(ReferenceModel.RING_MLP), 1, 1, 0, 1,
                                Device.cpu()));
    }
}
