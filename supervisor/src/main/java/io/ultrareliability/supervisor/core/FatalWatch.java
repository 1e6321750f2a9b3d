package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the child is fatal (exit 78), polls a fingerprint of the config and token sources
 * every {@code interval}; a change means the operator fixed something, so the child is
 * started again without waiting for a manual restart. Runs on the supervisor loop.
 */
final class FatalWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FatalWatch.class);

    private final Scheduler scheduler;
    private final Duration interval;
    private final Supplier<String> fingerprint;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.NONE;
    private String seen;

    FatalWatch(Scheduler scheduler, Duration interval, Supplier<String> fingerprint) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
    }

    /**
     * Takes the fingerprint now and polls it while {@code stillFatal} holds.
     *
     * @param onChange run once, on the loop, when the fingerprint changed
     */
    void start(BooleanSupplier stillFatal, Runnable onChange) {
        seen = fingerprint.get();
        schedule(stillFatal, onChange);
    }

    void cancel() {
        timer.cancel();
    }

    private void schedule(BooleanSupplier stillFatal, Runnable onChange) {
        timer = scheduler.schedule(interval, () -> {
            if (!stillFatal.getAsBoolean()) {
                return;
            }
            String now = fingerprint.get();
            if (!Objects.equals(now, seen)) {
                LOG.info("config or token source changed: leaving fatal and starting the child again");
                onChange.run();
            } else {
                schedule(stillFatal, onChange);
            }
        });
    }
}
