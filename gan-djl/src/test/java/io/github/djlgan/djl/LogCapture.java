package io.github.djlgan.djl;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/** Collects what one class logs while a test runs, so the test can count its warnings. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final Logger logger;
    private final List<LogEvent> events = new ArrayList<>();

    private LogCapture(Logger logger) {
        super("capture-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    /**
     * Starts collecting the events of a class's logger.
     *
     * @param source the class whose logger to listen to
     * @return the capture; close it to stop
     */
    public static LogCapture of(Class<?> source) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogCapture capture = new LogCapture(context.getLogger(source.getName()));
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    public synchronized void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    /**
     * Returns the messages logged at a level.
     *
     * @param level the level
     * @return the formatted messages, oldest first
     */
    public synchronized List<String> messages(Level level) {
        List<String> messages = new ArrayList<>();
        for (LogEvent event : events) {
            if (event.getLevel() == level) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        }
        return messages;
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
