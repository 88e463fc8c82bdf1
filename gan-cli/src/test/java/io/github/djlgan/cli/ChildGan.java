package io.github.djlgan.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the command line in a child JVM, with this test JVM's class path and system properties
 * (engines offline, the test temporary folder, the heap limit): for the tests that stop a run with
 * a signal or limit its memory, which an in-process run cannot survive.
 */
final class ChildGan {

    private ChildGan() {}

    /**
     * The command that runs {@code gan} with the given arguments in a new JVM.
     *
     * @param args the command line's arguments
     * @return the command, for a {@link ProcessBuilder}
     */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-D") || argument.startsWith("-Xmx")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GanCli.class.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code gan} in a new JVM, its output and errors going to a file.
     *
     * @param args the command line's arguments
     * @param log where the child's standard output and error go
     * @return the child
     * @throws IOException if it cannot be started
     */
    static Process start(List<String> args, Path log) throws IOException {
        return new ProcessBuilder(command(args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Sends SIGINT (Ctrl-C) to a child, after checking that it can arrive: a process started in
     * the background of a non-interactive shell ({@code mvn test &} in a script) inherits SIGINT
     * ignored and passes that on to its children, and a JVM leaves an ignored SIGINT ignored, so
     * the child would run on as if never signalled. That case fails here, saying so.
     *
     * @param child the child to interrupt
     * @throws IOException if {@code kill} cannot be started
     * @throws InterruptedException if interrupted while waiting for {@code kill}
     */
    static void interrupt(Process child) throws IOException, InterruptedException {
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            for (String line : Files.readAllLines(status)) {
                // SigIgn: a hexadecimal mask of the ignored signals; SIGINT is signal 2, bit 1.
                if (line.startsWith("SigIgn:")
                        && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0) {
                    throw new AssertionError(
                            "SIGINT is ignored in this test JVM (inherited from a shell that"
                                    + " started Maven in the background), so it cannot stop a"
                                    + " child; run the tests in the foreground");
                }
            }
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();
    }
}
