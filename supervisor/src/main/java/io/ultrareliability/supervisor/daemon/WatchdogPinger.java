package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.liveness.ProgressTracker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends systemd's {@code WATCHDOG=1} from the supervisor's own loop: each ping schedules the
 * next on the same single thread that runs every probe and restart. A hung loop therefore
 * stops the pings and systemd restarts the supervisor; a separate timer thread would keep
 * pinging for a dead supervisor. The loop alone is not enough: the ping also waits for the
 * probe path and the status writer to have made progress ({@link ProgressTracker}).
 */
final class WatchdogPinger {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogPinger.class);
    private final Scheduler loop;
    private final Duration every;
    private final Runnable ping;
    private final Supplier<ProgressTracker.Verdict> supervising;
    private volatile boolean stopped;
    private boolean withheld;

    WatchdogPinger(Scheduler loop, Duration every, Runnable ping) {
        this(loop, every, ping, () -> new ProgressTracker.Verdict(true, List.of()));
    }

    /** @param supervising whether every part of supervision made progress; no ping while one did not */
    WatchdogPinger(Scheduler loop, Duration every, Runnable ping, Supplier<ProgressTracker.Verdict> supervising) {
        this.supervising = requireNonNull(supervising, "supervising is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.every = requireNonNull(every, "every is null");
        this.ping = requireNonNull(ping, "ping is null");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("watchdog interval must be positive, got " + every);
        }
    }

    /** The first ping as soon as the loop runs it, then one every interval. */
    WatchdogPinger start() {
        loop.execute(this::tick);
        return this;
    }

    void stop() {
        stopped = true;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        try {
            ProgressTracker.Verdict v = supervising.get();
            if (v.ok()) {
                if (withheld) {
                    LOG.info("supervision made progress again: WATCHDOG=1 resumed");
                    withheld = false;
                }
                ping.run();
            } else if (!withheld) {
                withheld = true;
                LOG.error("withholding WATCHDOG=1, systemd will restart the supervisor: {}", v.describe());
            }
        } finally {
            loop.schedule(every, this::tick);
        }
    }
}
