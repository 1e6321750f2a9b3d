package io.ultrareliability.e2e;

import java.time.Duration;

/**
 * The recovery bounds of the matrix, each the sum of what its steps may cost on a loaded 2-core
 * CI machine (load 3-6): detection is set by the row's configuration, the rest by the figures
 * measured in docs/perf.md and docs/e2e.md. Tight enough that a slow path fails the row, with
 * headroom over the worst time measured under load. The table in docs/e2e.md shows every sum.
 */
final class Bounds {
    /**
     * A bot JVM from spawn to /health 200 and one session: median 3.8 s alone; at load 4-6 (the
     * CI's) p95 10.4 s, max 12.8 s (soak, 40 cycles): about twice that p95. At load 15 (three
     * test suites at once on 2 cores) cold starts of 15-20 s were seen: beyond what CI runs at.
     */
    static final Duration COLD_START = Duration.ofSeconds(20);

    /** restart.max_delay of the test stacks: the longest backoff a row meets when rows follow closely. */
    static final Duration BACKOFF = Duration.ofSeconds(2);

    /** stop.grace of the test stacks: a SIGTERMed bot is SIGKILLed after this. */
    static final Duration STOP = Duration.ofSeconds(3);

    /** health.startup_grace of the test stacks: a bot not healthy by then is restarted anyway. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

    /** The supervisor's decision to the next bot healthy: backoff, then a cold start. */
    static final Duration RESTART = BACKOFF.plus(COLD_START);

    /**
     * A supervisor JVM (a CLI command such as {@code restart}, or the daemon) starting: 1.2-2.8 s
     * measured at load 4-6; about 11 s once at load 16.
     */
    static final Duration SUPERVISOR_START = Duration.ofSeconds(8);

    /**
     * One liveness window of the test stacks for a bot that does not answer: health.failure_threshold
     * (3, the default) probes that each wait health.timeout (500 ms) then health.interval (2 s).
     */
    static final Duration LIVENESS_WINDOW = Duration.ofMillis(3 * (500 + 2_000));

    /** health.interval of the test stacks: how late the supervisor may see a change of the bot's answer. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    /** A JDA resume (close 1000/1001/4000, a TCP drop, op 7, op 9 true): 30-330 ms measured. */
    static final Duration RESUME = Duration.ofSeconds(5);

    /** A new session (close 4007/4009, op 9 false): JDA waits 2 s before it IDENTIFYs; 2.1-2.2 s measured. */
    static final Duration NEW_SESSION = Duration.ofSeconds(10);

    private Bounds() {
    }

    /** The sum of the steps. */
    static Duration of(Duration... steps) {
        Duration sum = Duration.ZERO;
        for (Duration d : steps) {
            sum = sum.plus(d);
        }
        return sum;
    }

    /** What is left of a bound that started at t0 (System.nanoTime()); at least 1 ms, so a wait still checks once. */
    static Duration left(long t0, Duration bound) {
        Duration left = bound.minusNanos(System.nanoTime() - t0);
        return left.isNegative() ? Duration.ofMillis(1) : left;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
