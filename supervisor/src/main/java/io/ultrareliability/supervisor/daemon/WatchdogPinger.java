package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.Scheduler;
import java.time.Duration;

/**
 * Sends systemd's {@code WATCHDOG=1} from the supervisor's own loop: each ping schedules the
 * next on the same single thread that runs every probe and restart. A hung loop therefore
 * stops the pings and systemd restarts the supervisor; a separate timer thread would keep
 * pinging for a dead supervisor.
 */
final class WatchdogPinger {
    private final Scheduler loop;
    private final Duration every;
    private final Runnable ping;
    private volatile boolean stopped;

    WatchdogPinger(Scheduler loop, Duration every, Runnable ping) {
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
            ping.run();
        } finally {
            loop.schedule(every, this::tick);
        }
    }
}
