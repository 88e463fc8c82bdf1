package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.io.AtomicFiles;

import org.testng.annotations.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started with no LANG or LC_ALL (containers, cron, CI) reads file names as ASCII. Given a
 * folder named in French, {@code gan} refuses with one line that names the fix instead of an
 * internal error; with a UTF-8 locale (what the launcher sets) the same path is read.
 */
public class LocaleTest {

    private static Process gan(Path folder, boolean utf8) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-D") || argument.startsWith("-Xmx")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                GanCli.class.getName(), "train", "--dataset", "folder:" + folder,
                "--image-size", "28", "--out", folder.resolveSibling("out").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LANG");
        builder.environment().remove("LC_CTYPE");
        builder.environment().remove("LC_ALL");
        if (utf8) {
            builder.environment().put("LC_ALL", "C.UTF-8");
        }
        return builder.start();
    }

    @Test
    public void aNonAsciiPathUnderThePosixLocaleIsOneLineNamingTheFix() throws Exception {
        Path root = Files.createTempDirectory("locale");
        try {
            Path folder = Files.createDirectories(root.resolve("Données d'été"));
            Process posix = gan(folder, false);
            String output = new String(posix.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(posix.waitFor(120, TimeUnit.SECONDS));
            assertEquals(posix.exitValue(), GanCli.BAD_INPUT, output);
            assertTrue(output.strip().startsWith("gan: this process's locale is not UTF-8"), output);
            assertTrue(output.contains("LC_ALL=C.UTF-8"), output);
            assertEquals(output.strip().lines().count(), 1L, output);

            // Under a UTF-8 locale the folder is found: the empty folder is now the complaint.
            Process utf8 = gan(folder, true);
            String read = new String(utf8.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(utf8.waitFor(120, TimeUnit.SECONDS));
            assertEquals(utf8.exitValue(), GanCli.BAD_INPUT, read);
            assertTrue(read.contains("Données d'été"), read);
            assertTrue(!read.contains("not UTF-8"), read);
        } finally {
            AtomicFiles.deleteTree(root);
        }
    }
}
