package io.ultrareliability.supervisor.liveness;

import static java.util.Objects.requireNonNull;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread of the supervisor that dies is a supervisor that no longer supervises: the status
 * writer, the probe client or the spawn thread once died of OutOfMemoryError while the rest
 * kept running and reporting. The handler installed here makes any uncaught throwable, on
 * any thread, end the process at once with {@link #EXIT_CODE}, so systemd or cron starts a
 * fresh supervisor; the bot sees its stdin close and exits, and the next supervisor stops any
 * leftover before it spawns exactly one.
 */
public final class InternalFailure {
    /** EX_SOFTWARE (sysexits.h): internal software error. */
    public static final int EXIT_CODE = 70;
    private static final Logger LOG = LoggerFactory.getLogger(InternalFailure.class);

    private InternalFailure() {
    }

    /** Installs the process-wide handler; {@code halt} ends the process (Runtime::halt in production). */
    public static void install(IntConsumer halt) {
        requireNonNull(halt, "halt is null");
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> die(t, e, halt));
    }

    /** Installs the handler that halts the JVM (no shutdown hooks: they may need the dead thread). */
    public static void installHalting() {
        install(code -> Runtime.getRuntime().halt(code));
    }

    /**
     * For executors that keep a task's throwable to themselves (a ScheduledThreadPoolExecutor
     * wraps every task in a future): hands an {@link Error} to the thread's handler, as if it
     * had killed the thread.
     */
    public static void report(Throwable e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }

    static void die(Thread t, Throwable e, IntConsumer halt) {
        try {
            if (e instanceof OutOfMemoryError) {
                // Allocate as little as possible: no stack trace formatting.
                System.err.println("ultra-reliability: OutOfMemoryError in thread " + t.getName() + "; exiting "
                        + EXIT_CODE);
            } else {
                LOG.error("internal thread {} died: {}; exiting {} so that a fresh supervisor takes over",
                        t.getName(), e.toString(), EXIT_CODE, e);
            }
        } catch (Throwable ignored) {
            // Nothing may stop the exit.
        } finally {
            halt.accept(EXIT_CODE);
        }
    }
}
