package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.liveness.InternalFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real scheduler: one daemon thread, the system clocks. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor executor;

    public SystemScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /**
     * A task that throws an exception must not stop the loop: log it and go on. An Error
     * (OutOfMemoryError, StackOverflowError) leaves the JVM in doubt: it goes to the thread's
     * uncaught-exception handler, which ends the supervisor (the executor would otherwise keep
     * it in the task's future, unseen).
     */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("supervisor loop task failed; supervising on", e);
            } catch (Error e) {
                InternalFailure.report(e);
                throw e;
            }
        };
    }


    @Override
    public void close() {
        executor.shutdownNow();
    }
}
