package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands the child's output lines to {@code logs/bot.log} in batches: one log event (and one
 * write) per up to {@link #MAX_BATCH} characters, or {@link #MAX_DELAY_MS} ms after the first
 * line of a batch, whichever comes first. A log event per line capped the drain of a chatty
 * child at ~3 MB/s of 100-byte lines (two thirds of the pump's time went to Log4j); the
 * appender's pattern is {@code %m%n}, so a batch of lines joined by newlines comes out
 * byte-identical.
 */
final class ChildLogBatcher implements Consumer<String>, AutoCloseable {
    static final int MAX_BATCH = 64 * 1024;
    static final long MAX_DELAY_MS = 100;
    private final Consumer<String> log;
    private final ScheduledExecutorService timer;
    private final StringBuilder batch = new StringBuilder();
    private boolean flushScheduled;

    /** @param log receives each batch (lines joined by '\n', no final newline) */
    ChildLogBatcher(Consumer<String> log, ScheduledExecutorService timer) {
        this.log = requireNonNull(log, "log is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    @Override
    public synchronized void accept(String line) {
        if (!batch.isEmpty()) {
            batch.append('\n');
        }
        batch.append(line);
        if (batch.length() >= MAX_BATCH) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            timer.schedule(this::flushFromTimer, MAX_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void flushFromTimer() {
        flushScheduled = false;
        flush();
    }

    /** Writes what is pending now (under the lock: batches keep the order of their lines). */
    synchronized void flush() {
        if (batch.isEmpty()) {
            return;
        }
        String text = batch.toString();
        batch.setLength(0);
        if (batch.capacity() > 2 * MAX_BATCH) {
            batch.trimToSize(); // a split 16 KiB piece on top of a full batch must not keep the builder big
        }
        log.accept(text);
    }

    @Override
    public void close() {
        flush();
    }
}
