package io.ultrareliability.bot.connection;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.common.gateway.CloseCodePolicy;
import java.util.function.DoubleSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The second level of reconnection (seed 004): JDA resumes and re-identifies by itself; the
 * overseer watches it and throws an instance away when it does not come back in time, shuts
 * down, or goes stale, then asks for a fresh one after a backoff.
 *
 * <p>Pure and single-threaded: every method takes {@code now} (milliseconds on any monotonic
 * scale) and returns what to do. Events carry the generation of the instance they came from;
 * events of a discarded generation are ignored, so a dying instance can never disturb its
 * successor. The runtime calls {@link #tick(long)} at {@link #nextDeadline()} (and may call it
 * any other time: a tick before a deadline decides nothing).
 */
public final class Overseer {
    private final OverseerSettings settings;
    private final DoubleSupplier random;

    private ConnectionState state = ConnectionState.IDLE;
    private int generation;
    private int failuresInRow;
    private long stateSince;
    private long connectedSince;
    private long lastActivity;
    private long backoffUntil;
    private long freshInstances;
    private String lastFailure = "";

    public Overseer(OverseerSettings settings, DoubleSupplier random) {
        this.settings = requireNonNull(settings, "settings is null");
        this.random = requireNonNull(random, "random is null");
    }

    public ConnectionState state() {
        return state;
    }

    public int generation() {
        return generation;
    }

    /** Failures since the connection was last stable (seed 002's connection_attempts). */
    public int failuresInRow() {
        return failuresInRow;
    }

    /** Fresh instances built after the first one. */
    public long freshInstances() {
        return freshInstances;
    }

    public String lastFailure() {
        return lastFailure;
    }

    /** When the current backoff ends (only meaningful in BACKOFF). */
    public long backoffUntil() {
        return backoffUntil;
    }

    public Decision start(long now) {
        moveTo(ConnectionState.STARTING, now);
        generation++;
        return new Decision.StartFresh(generation, "initial connection");
    }

    /** The instance of {@code gen} was built (REST login passed) and is connecting. */
    public Decision instanceBuilt(int gen, long now) {
        if (gen != generation || state != ConnectionState.STARTING) {
            return Decision.NONE;
        }
        state = state.moveTo(ConnectionState.CONNECTING);
        return Decision.NONE;
    }

    /** Building the instance failed; {@code fatal}: retrying can never help (REST 401). */
    public Decision buildFailed(int gen, long now, String reason, boolean fatal) {
        if (gen != generation || state != ConnectionState.STARTING) {
            return Decision.NONE;
        }
        if (fatal) {
            return fatal(now, reason);
        }
        return failure(now, "could not start a session: " + reason);
    }

    public Decision connected(int gen, long now) {
        if (!current(gen) || state == ConnectionState.CONNECTED || state == ConnectionState.BACKOFF) {
            return Decision.NONE;
        }
        moveTo(ConnectionState.CONNECTED, now);
        connectedSince = now;
        lastActivity = now;
        return Decision.NONE;
    }

    /**
     * The gateway closed. Fatal codes end the process; otherwise JDA resumes by itself and
     * the overseer only starts the clock.
     */
    public Decision disconnected(int gen, long now, int closeCode) {
        return disconnected(gen, now, closeCode, true);
    }

    /**
     * @param byServer false when the client closed (JDA's 4900 for op 7, op 9 or a zombie, a TCP
     *        drop): only a server's close code can be fatal
     */
    public Decision disconnected(int gen, long now, int closeCode, boolean byServer) {
        if (!current(gen)) {
            return Decision.NONE;
        }
        CloseCodePolicy.Verdict verdict = CloseCodePolicy.verdict(closeCode);
        if (byServer && verdict.fatal()) {
            return fatal(now, verdict.meaning());
        }
        if (state == ConnectionState.CONNECTED) {
            moveTo(ConnectionState.RECONNECTING, now);
        }
        return Decision.NONE;
    }

    /** The instance shut down by itself (not because the runtime discarded it). */
    public Decision shutDown(int gen, long now, int closeCode) {
        if (!current(gen) || state == ConnectionState.BACKOFF) {
            return Decision.NONE;
        }
        CloseCodePolicy.Verdict verdict = CloseCodePolicy.verdict(closeCode);
        if (verdict.fatal()) {
            return fatal(now, verdict.meaning());
        }
        if (state == ConnectionState.STARTING) {
            // JDA shuts itself down when its login fails: the build result, which follows,
            // says why (a rejected token is fatal, a refused connection is not)
            return Decision.NONE;
        }
        return failure(now, "JDA shut down (code " + closeCode + ")");
    }

    /** A heartbeat ACK or a dispatch arrived. */
    public void activity(int gen, long now) {
        if (current(gen) && now > lastActivity) {
            lastActivity = now;
        }
    }

    /** POST /reconnect: throw the current instance away and connect afresh at once. */
    public Decision forceReconnect(long now) {
        if (state.isTerminal() || state == ConnectionState.STOPPING || state == ConnectionState.IDLE) {
            return Decision.NONE;
        }
        moveTo(ConnectionState.STARTING, now);
        generation++;
        freshInstances++;
        return new Decision.StartFresh(generation, "reconnect requested");
    }

    public Decision stopping(long now) {
        if (state.isTerminal() || state == ConnectionState.STOPPING) {
            return Decision.NONE;
        }
        moveTo(ConnectionState.STOPPING, now);
        return Decision.NONE;
    }

    public void stopped(long now) {
        if (state == ConnectionState.STOPPING) {
            moveTo(ConnectionState.STOPPED, now);
        }
    }

    /**
     * The IDENTIFY budget holds the connect back (issue 13): waiting for Discord's reset is not
     * a failed attempt, so the connection timeout starts again from {@code now} (which may be
     * the end of the wait, ahead of the clock).
     */
    public void identifyHeld(long now) {
        if (state == ConnectionState.STARTING || state == ConnectionState.CONNECTING
                || state == ConnectionState.RECONNECTING) {
            stateSince = now;
        }
    }

    /**
     * The earliest {@code now} at which {@link #tick(long)} can decide something, or
     * {@link Long#MAX_VALUE} when nothing is pending. Activity not yet handed over with
     * {@link #activity(int, long)} can only move it later, so waking up then is never late.
     */
    public long nextDeadline() {
        return switch (state) {
            case STARTING, CONNECTING, RECONNECTING -> stateSince + settings.connectionTimeout().toMillis();
            case CONNECTED -> Math.min(lastActivity + settings.heartbeatTimeout().toMillis(),
                    failuresInRow > 0 ? connectedSince + settings.stableAfter().toMillis() : Long.MAX_VALUE);
            case BACKOFF -> backoffUntil;
            default -> Long.MAX_VALUE;
        };
    }

    /** Checks the deadlines; call it at {@link #nextDeadline()}. */
    public Decision tick(long now) {
        switch (state) {
            case STARTING, CONNECTING, RECONNECTING -> {
                if (now - stateSince >= settings.connectionTimeout().toMillis()) {
                    String what = state == ConnectionState.RECONNECTING ? "not reconnected" : "not connected";
                    return failure(now, what + " within " + settings.connectionTimeout().toMillis() + " ms");
                }
            }
            case CONNECTED -> {
                if (failuresInRow > 0 && now - connectedSince >= settings.stableAfter().toMillis()) {
                    failuresInRow = 0;
                }
                if (now - lastActivity >= settings.heartbeatTimeout().toMillis()) {
                    return failure(now, "connection stale: no heartbeat ACK and no event for "
                            + (now - lastActivity) + " ms while connected");
                }
            }
            case BACKOFF -> {
                if (now >= backoffUntil) {
                    moveTo(ConnectionState.STARTING, now);
                    generation++;
                    freshInstances++;
                    return new Decision.StartFresh(generation, "after backoff (" + lastFailure + ")");
                }
            }
            default -> {
                // nothing is pending in the other states
            }
        }
        return Decision.NONE;
    }

    /** Milliseconds since the last heartbeat ACK or dispatch (or since connecting). */
    public long millisSinceActivity(long now) {
        return now - lastActivity;
    }

    private boolean current(int gen) {
        return gen == generation && !state.isTerminal() && state != ConnectionState.STOPPING
                && state != ConnectionState.IDLE;
    }

    private Decision failure(long now, String reason) {
        lastFailure = reason;
        failuresInRow++;
        int discarded = generation;
        if (failuresInRow >= settings.maxAttempts()) {
            moveTo(ConnectionState.GAVE_UP, now);
            return new Decision.Exit(BotContract.EXIT_TEMPFAIL, "gave up after " + failuresInRow
                    + " failed connection attempts in a row; last: " + reason);
        }
        // never 0 ms: a fresh instance right after a failure would hammer the gateway
        long delay = Math.max(1, settings.backoff().delay(failuresInRow, random.getAsDouble()).toMillis());
        moveTo(ConnectionState.BACKOFF, now);
        backoffUntil = now + delay;
        return new Decision.Discard(discarded, delay, reason);
    }

    private Decision fatal(long now, String reason) {
        lastFailure = reason;
        moveTo(ConnectionState.FATAL, now);
        return new Decision.Exit(BotContract.EXIT_CONFIG, reason);
    }

    private void moveTo(ConnectionState next, long now) {
        state = state.moveTo(next);
        stateSince = now;
    }
}
