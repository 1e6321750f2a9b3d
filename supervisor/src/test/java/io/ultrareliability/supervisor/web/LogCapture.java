package io.ultrareliability.supervisor.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs (Log4j2 backend), to check warning lines. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    record Line(Level level, String message) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    private final Logger logger;

    LogCapture(Class<?> source) {
        super("capture-" + source.getSimpleName() + "-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        logger = (Logger) LogManager.getLogger(source);
        start();
        logger.addAppender(this);
        logger.setLevel(Level.INFO);
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getMessage().getFormattedMessage()));
        if (event.getThrown() != null) {
            thrown.add(event.getThrown());
        }
    }

    List<Throwable> thrown() {
        return List.copyOf(thrown);
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
