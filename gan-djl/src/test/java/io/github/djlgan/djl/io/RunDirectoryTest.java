package io.github.djlgan.djl.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The run directory's guards: what --overwrite may replace, the lock, and file permissions. */
public class RunDirectoryTest {

    private Path root;

    @BeforeMethod
    public void createRoot() throws IOException {
        root = Files.createTempDirectory("run-directory");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteRoot() throws IOException {
        AtomicFiles.deleteTree(root);
    }

    /** A folder that is not a run (a thesis and a photo folder in it) is never emptied. */
    @Test
    public void overwriteRefusesAFolderThatIsNotARun() throws IOException {
        Path folder = Files.createDirectories(root.resolve("work"));
        Files.writeString(folder.resolve("thesis.tex"), "\\documentclass{article}");
        Files.createDirectories(folder.resolve("photos"));
        InvalidInputException refused =
                expectThrows(InvalidInputException.class, () -> RunDirectory.prepare(folder, true));
        assertTrue(refused.getMessage().contains("not one"), refused.getMessage());
        assertTrue(refused.getMessage().contains("photos, thesis.tex"), refused.getMessage());
        assertTrue(Files.isRegularFile(folder.resolve("thesis.tex")));
        assertTrue(Files.isDirectory(folder.resolve("photos")));
        assertFalse(Files.exists(folder.resolve(RunDirectory.LOCK)));

        // A run's own files and nothing else, but no config.json: not a run either.
        Path noConfig = Files.createDirectories(root.resolve("no-config"));
        Files.writeString(noConfig.resolve(RunDirectory.METRICS), "step\n");
        expectThrows(InvalidInputException.class, () -> RunDirectory.prepare(noConfig, true));
        assertTrue(Files.isRegularFile(noConfig.resolve(RunDirectory.METRICS)));
    }

    /** A run directory is emptied by --overwrite and prepared afresh. */
    @Test
    public void overwriteReplacesARun() throws IOException {
        Path run = Files.createDirectories(root.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.CONFIG), "{}");
        Files.createDirectories(run.resolve(RunDirectory.CHECKPOINTS).resolve("step-00000001"));
        Files.writeString(run.resolve(".config.json.0a1b2c.tmp"), "left by a crash");
        try (RunLock lock = RunDirectory.prepare(run, true)) {
            assertFalse(Files.exists(run.resolve(RunDirectory.CONFIG)));
            assertTrue(Files.isDirectory(run.resolve(RunDirectory.SAMPLES)));
            try (var entries = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
                assertEquals(entries.count(), 0L);
            }
        }
    }

    /** A directory this call created is gone again when it cannot be used. */
    @Test
    public void aFailedPrepareLeavesNoDirectoryBehind() throws IOException {
        Path run = Files.createDirectories(root.resolve("run"));
        try (RunLock held = RunDirectory.prepare(run, false)) {
            // The same process cannot take it twice either.
            InvalidInputException refused =
                    expectThrows(InvalidInputException.class, () -> RunLock.acquire(run));
            assertTrue(refused.getMessage().contains("in use by process "
                    + ProcessHandle.current().pid()), refused.getMessage());
        }
        Path fresh = root.resolve("fresh");
        Files.writeString(root.resolve("file"), "x");
        expectThrows(
                InvalidInputException.class,
                () -> RunDirectory.prepare(root.resolve("file"), false));
        try (RunLock lock = RunDirectory.prepare(fresh, false)) {
            assertTrue(Files.isDirectory(fresh));
        }
    }

    /**
     * Another process holding the lock makes a second writer fail at once, naming that process;
     * once the holder is killed (SIGKILL, no clean-up), its stale lock blocks nothing.
     */
    @Test
    public void aLockDiesWithItsProcess() throws Exception {
        Path run = Files.createDirectories(root.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.CONFIG), "{}");
        Process holder =
                new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolder.class.getName(),
                                run.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals(out.readLine(), "locked");
            InvalidInputException refused =
                    expectThrows(InvalidInputException.class, () -> RunDirectory.prepare(run, true));
            assertTrue(
                    refused.getMessage().contains("in use by process " + holder.pid()),
                    refused.getMessage());
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunLock lock = RunLock.acquire(run)) {
            assertTrue(Files.isRegularFile(run.resolve(RunDirectory.LOCK)));
        }
    }

    /**
     * Everything written atomically, files and directories, gets the permissions a plain file or
     * directory gets under this process's umask (not the 0600 / 0700 of temporary files).
     */
    @Test
    public void writtenFilesFollowTheUmask() throws IOException {
        Set<PosixFilePermission> plainFile =
                Files.getPosixFilePermissions(Files.createFile(root.resolve("plain")));
        Set<PosixFilePermission> plainDirectory =
                Files.getPosixFilePermissions(Files.createDirectory(root.resolve("plain-dir")));
        Path text = root.resolve("out").resolve("a.json");
        AtomicFiles.writeString(text, "{}");
        assertEquals(Files.getPosixFilePermissions(text), plainFile);
        Path directory = AtomicFiles.createTemporaryDirectory(root, "model");
        assertEquals(Files.getPosixFilePermissions(directory), plainDirectory);
        AtomicFiles.removeLeftovers(root, "model");
        assertFalse(Files.exists(directory));
    }

    /** Holds a run directory's lock until killed; prints "locked" once it has it. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }
}
