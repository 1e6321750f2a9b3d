package io.ultrareliability.supervisor.liveness;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SelfWatchdog} on a thread of its own, not on the supervisor's loop: the loop is
 * one of the parts it watches, and a hung loop would never run its own watchdog.
 */
public final class SelfWatchdogThread {
    private static final Logger LOG = LoggerFactory.getLogger(SelfWatchdogThread.class);

    private SelfWatchdogThread() {
    }

    /**
     * @param every how often to look (the supervision pulse)
     * @param halt ends the process (Runtime::halt in production)
     */
    public static Thread start(SelfWatchdog watchdog, Supplier<ProgressTracker.Verdict> supervising,
            LongSupplier nanoTime, Duration every, IntConsumer halt) {
        requireNonNull(watchdog, "watchdog is null");
        requireNonNull(supervising, "supervising is null");
        requireNonNull(nanoTime, "nanoTime is null");
        requireNonNull(every, "every is null");
        requireNonNull(halt, "halt is null");
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every.toMillis());
                    ProgressTracker.Verdict v = supervising.get();
                    switch (watchdog.observe(v.ok(), nanoTime.getAsLong())) {
                        case LATE -> LOG.error("not supervising: {}; exiting {} if it lasts {} s (no systemd"
                                + " watchdog here)", v.describe(), InternalFailure.EXIT_CODE,
                                SelfWatchdog.DEFAULT_GRACE.toSeconds());
                        case HALT -> {
                            LOG.error("still not supervising: {}; exiting {} so that a fresh supervisor takes over",
                                    v.describe(), InternalFailure.EXIT_CODE);
                            halt.accept(InternalFailure.EXIT_CODE);
                            return;
                        }
                        case OK, STILL_LATE -> {
                            // nothing to say
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped with the supervisor
            }
        }, "self-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
