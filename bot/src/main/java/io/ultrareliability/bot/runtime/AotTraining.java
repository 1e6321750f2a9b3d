package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.BotMain;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Decides when an {@code --aot-train} run has exercised enough of a real start-up: connected
 * (READY and GUILD_CREATE seen), a heartbeat answered, and still connected {@code stayConnected}
 * later. The whole run is bounded by {@code limit}: past it the run has failed. Time comes in as
 * an argument ({@link #check}), so tests are tables of exact values.
 */
public final class AotTraining {
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STAY_CONNECTED = Duration.ofSeconds(2);
    static final long POLL_MILLIS = 100;
    /** Exit code of a run that did not train: timed out or stopped early (EX_TEMPFAIL, as "gave up"). */
    public static final int EXIT_NOT_TRAINED = BotMain.EXIT_TEMPFAIL;

    public enum Verdict { WAIT, TRAINED, TIMED_OUT }

    /** What the run does with a verdict; called once, from the timer thread. */
    public interface Outcome {
        void trained();

        void timedOut(Duration limit);
    }

    private final long startMillis;
    private final long limitMillis;
    private final long stayMillis;
    private long healthySinceMillis = -1;

    public AotTraining(long startMillis, Duration limit, Duration stayConnected) {
        requireNonNull(limit, "limit is null");
        requireNonNull(stayConnected, "stayConnected is null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (stayConnected.isNegative() || stayConnected.compareTo(limit) >= 0) {
            throw new IllegalArgumentException("stayConnected must be in [0, limit): " + stayConnected);
        }
        this.startMillis = startMillis;
        this.limitMillis = limit.toMillis();
        this.stayMillis = stayConnected.toMillis();
    }

    /**
     * @param nowMillis monotonic milliseconds, same source as the start
     * @param connected the connection state is CONNECTED right now
     * @param heartbeatAcked the gateway has answered at least one heartbeat
     */
    public Verdict check(long nowMillis, boolean connected, boolean heartbeatAcked) {
        if (connected && heartbeatAcked) {
            if (healthySinceMillis < 0) {
                healthySinceMillis = nowMillis;
            }
            if (nowMillis - healthySinceMillis >= stayMillis) {
                return Verdict.TRAINED;
            }
        } else {
            healthySinceMillis = -1; // a drop starts the stay over
        }
        return nowMillis - startMillis >= limitMillis ? Verdict.TIMED_OUT : Verdict.WAIT;
    }

    /** Polls every {@value #POLL_MILLIS} ms on {@code timer} until a verdict other than WAIT. */
    public static void watch(ScheduledExecutorService timer, LongSupplier millis, Duration limit,
                             Duration stayConnected, BooleanSupplier connected, BooleanSupplier heartbeatAcked,
                             Outcome outcome) {
        requireNonNull(timer, "timer is null");
        requireNonNull(millis, "millis is null");
        requireNonNull(connected, "connected is null");
        requireNonNull(heartbeatAcked, "heartbeatAcked is null");
        requireNonNull(outcome, "outcome is null");
        AotTraining training = new AotTraining(millis.getAsLong(), limit, stayConnected);
        AtomicBoolean decided = new AtomicBoolean();
        AtomicReference<ScheduledFuture<?>> poller = new AtomicReference<>();
        poller.set(timer.scheduleWithFixedDelay(() -> {
            if (decided.get()) {
                return;
            }
            Verdict v = training.check(millis.getAsLong(), connected.getAsBoolean(), heartbeatAcked.getAsBoolean());
            if (v == Verdict.WAIT || !decided.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> f = poller.get();
            if (f != null) {
                f.cancel(false);
            }
            if (v == Verdict.TRAINED) {
                outcome.trained();
            } else {
                outcome.timedOut(limit);
            }
        }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS));
    }
}
