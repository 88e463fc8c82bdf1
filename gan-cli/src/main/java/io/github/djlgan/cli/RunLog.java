package io.github.djlgan.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;

import java.nio.file.Path;

/**
 * Copies every log event at INFO and above, the toolkit's and DJL's, into the run's {@code
 * train.log} for as long as it is open.
 */
final class RunLog implements AutoCloseable {

    private static final String NAME = "runLog";

    private final LoggerContext context;
    private final FileAppender appender;

    private RunLog(LoggerContext context, FileAppender appender) {
        this.context = context;
        this.appender = appender;
    }

    static RunLog attach(Path file) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        FileAppender appender =
                FileAppender.newBuilder()
                        .setName(NAME)
                        .withFileName(file.toString())
                        .withAppend(true)
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern("%d{ISO8601} %-5level %c{1} - %msg%n")
                                        .build())
                        .setConfiguration(configuration)
                        .build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        return new RunLog(context, appender);
    }

    /**
     * Writes the line a run ends with to train.log only: the terminal gets it from the command's
     * own {@code gan:} line, once.
     *
     * @param level the line's level
     * @param line the line
     */
    void end(Level level, String line) {
        appender.append(
                Log4jLogEvent.newBuilder()
                        .setLoggerName(TrainCommand.class.getName())
                        .setLoggerFqcn(RunLog.class.getName())
                        .setLevel(level)
                        .setMessage(new SimpleMessage(line))
                        .setTimeMillis(System.currentTimeMillis())
                        .build());
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(NAME);
        context.updateLoggers();
        appender.stop();
    }
}
