package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.train.TrainingDivergedException;
import io.github.djlgan.djl.train.TrainingStoppedException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The {@code gan} command. Only {@link #main} exits the JVM; {@link #run} returns the exit code so
 * that tests can drive the CLI in-process.
 *
 * <p>Exit codes: 0 success, 1 internal failure, 2 bad usage or input, 3 training diverged, 4 a
 * file could not be read or written (disk full), 130 stopped by Ctrl-C (with a checkpoint to
 * resume from).
 */
@Command(
        name = "gan",
        mixinStandardHelpOptions = true,
        versionProvider = GanCli.Version.class,
        description = "Generative adversarial networks on Deep Java Library (PyTorch or MXNet).",
        subcommands = {
            TrainCommand.class,
            DataCommand.class,
            SampleCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            InterpolateCommand.class,
            PlotCommand.class,
            NearestCommand.class,
            TheoryCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            EnginesCommand.class,
            DefaultsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GanCli implements Runnable {

    /** Success. */
    public static final int OK = 0;
    /** The program failed; a bug or an environment problem. */
    public static final int INTERNAL_ERROR = 1;
    /** The user's input was wrong: a flag, a file, a setting. */
    public static final int BAD_INPUT = 2;
    /** Training diverged: a loss became NaN or infinite. */
    public static final int DIVERGED = 3;
    /**
     * A file could not be read or written: the disk is full, a permission is missing, a device
     * failed. The message names the file.
     */
    public static final int IO_ERROR = 4;
    /** Training was stopped on request (Ctrl-C) after writing a checkpoint; as a shell's SIGINT. */
    public static final int STOPPED = 130;

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // An engine's own threads (MXNet waits for its queue at exit) may fail again with the
        // error the command already reported: one line for it, never a stack trace.
        Thread.setDefaultUncaughtExceptionHandler(GanCli::uncaught);
        System.exit(run(args));
    }

    /** Whether a command ended with an error that it reported. */
    private static volatile boolean reported;

    private static void uncaught(Thread thread, Throwable error) {
        if (reported) {
            return;
        }
        Exception shown = error instanceof Exception exception
                ? exception
                : new RuntimeException(error.toString(), error);
        System.err.println("gan: " + message(shown));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        return run(
                new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset()),
                new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset()),
                args);
    }

    /**
     * Runs the command line with its output and error text going to the given writers.
     *
     * @param out where results and the summary go
     * @param err where error messages go
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (!namesAreUtf8() && Arrays.stream(args).anyMatch(GanCli::hasNonAscii)) {
            err.println("gan: " + LOCALE_ADVICE);
            err.flush();
            return BAD_INPUT;
        }
        CommandLine commandLine = new CommandLine(new GanCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(
                (error, line, parsed) -> handle(error, line.getErr(), verbose));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Tells whether this JVM reads and writes file names as UTF-8, which it decides from the
     * locale when it starts ({@code sun.jnu.encoding}).
     */
    private static boolean namesAreUtf8() {
        return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
    }

    private static boolean hasNonAscii(String text) {
        return text.chars().anyMatch(c -> c > 127);
    }

    /** What to do when file names cannot be read in this locale. */
    static final String LOCALE_ADVICE =
            "this process's locale is not UTF-8 (LANG and LC_ALL are unset or name another"
                    + " character set), so file names that are not ASCII cannot be read; set"
                    + " LC_ALL=C.UTF-8 (the ./gan launcher does so itself)";

    private static int handle(Exception error, PrintWriter err, boolean verbose) {
        reported = true;
        Exception shown = userFacing(error);
        int code = exitCode(shown);
        err.println("gan: " + message(shown));
        if (verbose) {
            error.printStackTrace(err);
        } else if (code == INTERNAL_ERROR) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return code;
    }

    /** A locale fault shown as the one line that names its fix; other errors as they are. */
    private static Exception userFacing(Exception error) {
        if (!namesAreUtf8()
                && (error instanceof java.nio.file.InvalidPathException
                        || error instanceof java.nio.charset.CharacterCodingException)) {
            return new InvalidInputException(LOCALE_ADVICE, error);
        }
        return error;
    }

    /**
     * Returns the exit code of an error that ends a command.
     *
     * @param error the error
     * @return {@link #BAD_INPUT}, {@link #DIVERGED}, {@link #IO_ERROR}, {@link #STOPPED} or
     *     {@link #INTERNAL_ERROR}
     */
    static int exitCode(Exception error) {
        if (error instanceof InvalidInputException) {
            return BAD_INPUT;
        } else if (error instanceof TrainingDivergedException) {
            return DIVERGED;
        } else if (error instanceof TrainingStoppedException) {
            return STOPPED; // from a library caller; gan train reports it itself
        } else if (error instanceof java.io.IOException) {
            return IO_ERROR;
        }
        return INTERNAL_ERROR;
    }

    /**
     * Returns the one line an error is reported with, after {@code gan: }, on the terminal and in a
     * run's train.log alike.
     *
     * @param error the error
     * @return the line
     */
    static String message(Exception error) {
        Exception shown = userFacing(error);
        String text = shown.getMessage() == null ? shown.toString() : shown.getMessage();
        String line = text.lines().findFirst().orElse("");
        return switch (exitCode(shown)) {
            case INTERNAL_ERROR -> "internal error: " + line;
            case IO_ERROR -> "cannot read or write a file: " + line;
            default -> line;
        };
    }

    /** Reports the toolkit's version and the DJL version it was built with. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GanCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "gan " + (version == null ? "(development build)" : version),
                "DJL " + ai.djl.engine.Engine.getDjlVersion()
            };
        }
    }
}
