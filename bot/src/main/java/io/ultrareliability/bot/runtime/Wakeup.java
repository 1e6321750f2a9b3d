package io.ultrareliability.bot.runtime;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pending wake-up at a deadline of the owner's clock; a new deadline replaces it, none
 * ({@link Long#MAX_VALUE}) cancels it. Used from the owner's one thread only.
 */
final class Wakeup {
    /** Runs a task at a deadline: the loop's scheduler; in tests, a fake moved with the fake clock. */
    @FunctionalInterface
    interface Timer {
        Future<?> at(long deadlineMillis, Runnable task);
    }

    private final Timer timer;
    private Future<?> pending;
    private long at = Long.MAX_VALUE;

    Wakeup(Timer timer) {
        this.timer = requireNonNull(timer, "timer is null");
    }

    /**
     * Wakes up at {@code deadline} by running {@code fire} on the timer's thread; {@code fire}
     * must hand over to the owner's thread and call {@link #fired(long)} there first.
     */
    void set(long deadline, Runnable fire) {
        if (deadline == at) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        at = deadline;
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        try {
            pending = timer.at(deadline, fire);
        } catch (RejectedExecutionException e) {
            at = Long.MAX_VALUE; // stopping: nothing will run any more
        }
    }

    /** The wake-up for {@code deadline} ran: the next {@link #set} arms again even for the same deadline. */
    void fired(long deadline) {
        if (at == deadline) {
            pending = null;
            at = Long.MAX_VALUE;
        }
    }
}
