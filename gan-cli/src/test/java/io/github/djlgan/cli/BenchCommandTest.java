package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class BenchCommandTest {

    @Test
    public void benchComparesBothEnginesAndWritesEveryFormat() throws IOException {
        Path dir = Files.createTempDirectory("cli-bench");
        CliResult result =
                CliResult.run(
                        "bench",
                        "--engines", "pytorch,MXNET",
                        "--models", "ring-mlp",
                        "--repetitions", "2",
                        "--seconds", "0.05",
                        "--warmup", "0",
                        "--format", "csv",
                        "--dir", dir.toString());
        assertEquals(result.code(), 0, result.err());
        String[] lines = result.out().split("\n");
        assertTrue(lines[0].startsWith("model,engine,batch,"), result.out());
        assertTrue(lines[1].startsWith("ring-mlp,PyTorch,256,2,"), result.out());
        assertTrue(lines[2].startsWith("ring-mlp,MXNet,256,2,"), result.out());
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("| ring-mlp | MXNet | 256 |"));
        assertEquals(Files.readString(dir.resolve("bench.csv")), lines[0] + "\n" + lines[1] + "\n"
                + lines[2] + "\n");
        assertTrue(Files.readString(dir.resolve("bench.json")).contains("\"matmulGflops\""));
    }

    @Test
    public void badSettingsStopWithOneMessage() {
        CliResult model = CliResult.run("bench", "--models", "resnet");
        assertEquals(model.code(), GanCli.BAD_INPUT);
        assertTrue(model.err().contains("ring-mlp, mnist-mlp, dcgan28"), model.err());
        CliResult format = CliResult.run("bench", "--format", "xml");
        assertEquals(format.code(), GanCli.BAD_INPUT);
        assertTrue(format.err().contains("md, csv or json"), format.err());
        CliResult engine = CliResult.run("bench", "--engines", "onnx");
        assertEquals(engine.code(), GanCli.BAD_INPUT);
        // The test JVM starts PyTorch with one thread (pom.xml), so 7 was not applied.
        CliResult threads = CliResult.run("bench", "--engines", "pytorch", "--threads", "7");
        assertEquals(threads.code(), GanCli.BAD_INPUT);
        assertTrue(threads.err().contains("GAN_THREADS=7"), threads.err());
        CliResult repetitions = CliResult.run("bench", "--repetitions", "0");
        assertEquals(repetitions.code(), GanCli.BAD_INPUT);
        assertTrue(repetitions.err().contains("repetitions"), repetitions.err());
    }
}
