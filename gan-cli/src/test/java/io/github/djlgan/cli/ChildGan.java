package io.github.djlgan.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
}
