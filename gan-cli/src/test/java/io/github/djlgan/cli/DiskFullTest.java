package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.SkipException;
import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A run on a 1 MiB file system: it ends with exit code 4 and one line naming what was being
 * written and the last complete checkpoint, the same line ends train.log, and no checkpoint that
 * looks complete is half-written. Needs a tmpfs mount (root, as on the project's machines and
 * CI); skipped where mounting is not allowed.
 */
public class DiskFullTest {

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    public void aFullDiskEndsTheRunWithOneLineNamingTheLastCheckpoint() throws Exception {
        Path mount = Files.createTempDirectory("full-disk");
        if (!run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())) {
            AtomicFiles.deleteTree(mount);
            throw new SkipException("cannot mount a small tmpfs here");
        }
        try {
            Path out = mount.resolve("run");
            CliResult result =
                    CliResult.run(
                            "train", "--steps", "3000", "--log-every", "50",
                            "--sample-every", "0", "--checkpoint-every", "100",
                            "--keep-checkpoints", "5", "--seed", "1", "--no-progress",
                            "--out", out.toString());
            assertEquals(result.code(), GanCli.IO_ERROR, result.err());
            List<String> lines = result.err().strip().lines().toList();
            assertEquals(lines.size(), 1, result.err());
            String line = lines.get(0);
            assertTrue(line.startsWith("gan: cannot read or write a file: writing "), line);
            assertTrue(line.contains("No space left on device"), line);
            assertTrue(line.contains("the last complete checkpoint is " + out), line);
            List<String> log = Files.readAllLines(out.resolve("train.log"));
            assertTrue(log.get(log.size() - 1).endsWith(line.substring("gan: ".length())),
                    log.get(log.size() - 1));
            // Every checkpoint that looks complete verifies.
            CliResult sampled =
                    CliResult.run("sample", "--run", out.toString(), "--count", "4", "--out",
                            Files.createTempDirectory("samples").resolve("s.csv").toString());
            assertEquals(sampled.code(), 0, sampled.err());
        } finally {
            run("umount", mount.toString());
            AtomicFiles.deleteTree(mount);
        }
    }
}
