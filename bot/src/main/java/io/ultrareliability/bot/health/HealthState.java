package io.ultrareliability.bot.health;

import io.ultrareliability.bot.connection.ConnectionState;
import io.ultrareliability.bot.identify.IdentifyGovernor;
import net.dv8tion.jda.api.JDA;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The one place that describes the live connection (seed 000's lesson: the web server must
 * never hold a JDA reference captured at start-up). Whatever instance is current writes here;
 * the HTTP handlers, the summary and the slash commands only read here. Writes are single
 * volatile stores or atomic increments, so the gateway threads never wait on a reader.
 */
public final class HealthState {
    private static final Duration RECENT_ERRORS_WINDOW = Duration.ofMinutes(15);
    private static final int MAX_REMEMBERED_ERRORS = 256;
    /** {@code gateway_mode}: the bot holds its own session with Discord (or a simulator) */
    public static final String GATEWAY_DIRECT = "direct";
    /** {@code gateway_mode}: a gateway keeper holds the session ({@code DISCORD_GATEWAY_URL}) */
    public static final String GATEWAY_KEEPER = "keeper";

    private final Clock clock;
    private final Instant processStart;

    private volatile ConnectionState state = ConnectionState.IDLE;
    private volatile int generation;
    private volatile int retiredGeneration;
    private volatile int connectionAttempts;
    private volatile long freshInstances;
    private volatile JDA current;
    private volatile Instant lastConnection;
    private volatile Instant connectedSince;
    private volatile Instant lastHeartbeatAck;
    private volatile Instant lastEvent;
    private volatile boolean sessionIdPresent;
    private volatile int lastCloseCode = -1;
    private volatile String lastFailure = "";
    private volatile IdentifyGovernor.View identifyBudget;
    private volatile Runnable identifyBudgetListener = () -> { };
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicLong newSessions = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ArrayDeque<Instant> errorTimes = new ArrayDeque<>();
    private final EventCounts eventCounts = new EventCounts();
    private volatile Gateway gateway = new Gateway(GATEWAY_DIRECT, null);

    public HealthState(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.processStart = clock.instant();
    }

    public Clock clock() {
        return clock;
    }

    // ---- written by the connection manager -------------------------------------------------

    public void overseer(ConnectionState state, int generation, int connectionAttempts, long freshInstances,
                         String lastFailure) {
        ConnectionState previous = this.state;
        this.generation = generation;
        this.connectionAttempts = connectionAttempts;
        this.freshInstances = freshInstances;
        this.lastFailure = lastFailure;
        if (state == ConnectionState.CONNECTED && previous != ConnectionState.CONNECTED) {
            Instant now = clock.instant();
            lastConnection = now;
            connectedSince = now;
        } else if (state != ConnectionState.CONNECTED) {
            connectedSince = null;
        }
        this.state = state;
    }

    public void currentInstance(JDA jda, int generation) {
        if (generation == this.generation) {
            this.current = jda;
        }
    }

    /** The instance of {@code generation} is being thrown away: its last words are not news. */
    public void retire(int generation) {
        this.retiredGeneration = generation;
        this.current = null;
        this.sessionIdPresent = false;
    }

    /** Where the latest instance connects: {@code mode} direct or keeper, {@code url} without secrets. */
    public void gateway(String mode, String url) {
        this.gateway = new Gateway(mode, url);
    }

    /** Written by the IDENTIFY governor after each decision (issue 13). */
    public void identifyBudget(IdentifyGovernor.View view) {
        this.identifyBudget = view;
        identifyBudgetListener.run();
    }

    /**
     * Told after every {@link #identifyBudget} (the connection manager looks at its deadlines
     * again: a wait for the budget holds its connection timeout). Runs on the governor's thread.
     */
    public void onIdentifyBudget(Runnable listener) {
        this.identifyBudgetListener = requireNonNull(listener, "listener is null");
    }

    /** Waiting for Discord to reset the IDENTIFY budget: not ready, and nothing to restart. */
    public boolean identifyWaiting() {
        return identifyWaitLeft().isPresent();
    }

    /** How long the IDENTIFY budget still holds the connect back; empty when it does not. */
    public Optional<Duration> identifyWaitLeft() {
        IdentifyGovernor.View v = identifyBudget;
        if (v == null || v.waitingUntil() == null || state == ConnectionState.CONNECTED) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), v.waitingUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    // ---- written by the listeners of the current instance ----------------------------------

    /** Listeners of a discarded instance must not write: they check this first. */
    public boolean isCurrent(int generation) {
        return generation == this.generation && generation != retiredGeneration;
    }

    public void heartbeatAck() {
        lastHeartbeatAck = clock.instant();
    }

    public void event() {
        lastEvent = clock.instant();
    }

    public void sessionId(boolean present) {
        sessionIdPresent = present;
    }

    /** Every dispatch any instance of this process received (not only the current one's). */
    public EventCounts events() {
        return eventCounts;
    }

    public void resumed() {
        resumes.incrementAndGet();
    }

    public void newSession() {
        newSessions.incrementAndGet();
    }

    public void disconnected(int closeCode) {
        lastCloseCode = closeCode;
        disconnects.incrementAndGet();
    }

    public void error() {
        errors.incrementAndGet();
        Instant now = clock.instant();
        synchronized (errorTimes) {
            errorTimes.addLast(now);
            while (errorTimes.size() > MAX_REMEMBERED_ERRORS) {
                errorTimes.pollFirst();
            }
        }
    }

    // ---- read by everyone ------------------------------------------------------------------

    public ConnectionState state() {
        return state;
    }

    public boolean connected() {
        return state == ConnectionState.CONNECTED;
    }

    /** @param counts also count guilds and users (walks the guild cache: /discord-status only) */
    public Snapshot snapshot(boolean counts) {
        Instant now = clock.instant();
        JDA jda = current;
        long guilds = 0;
        long users = 0;
        long gatewayPing = -1;
        if (jda != null) {
            gatewayPing = jda.getGatewayPing();
            if (counts) {
                guilds = jda.getGuildCache().size();
                users = jda.getGuildCache().stream().mapToLong(g -> Math.max(0, g.getMemberCount())).sum();
            }
        }
        Instant since = connectedSince;
        return new Snapshot(now, state, generation, connectionAttempts, freshInstances,
                since == null ? 0 : Duration.between(since, now).toSeconds(),
                Duration.between(processStart, now).toSeconds(), recentErrors(now), errors.get(),
                lastConnection, lastHeartbeatAck, lastEvent, guilds, users, gatewayPing, sessionIdPresent,
                resumes.get(), newSessions.get(), disconnects.get(), lastCloseCode, lastFailure, gateway,
                eventCounts.counts(), identifyBudget, identifyWaiting());
    }

    private int recentErrors(Instant now) {
        Instant cutoff = now.minus(RECENT_ERRORS_WINDOW);
        synchronized (errorTimes) {
            while (!errorTimes.isEmpty() && errorTimes.peekFirst().isBefore(cutoff)) {
                errorTimes.pollFirst();
            }
            return errorTimes.size();
        }
    }

    /** Immutable view for one answer; instants may be null (never happened). */
    public record Snapshot(Instant timestamp, ConnectionState state, int generation, int connectionAttempts,
                           long freshInstances, long uptimeSeconds, long processUptimeSeconds, int recentErrors,
                           long totalErrors, Instant lastConnection, Instant lastHeartbeatAck, Instant lastEvent,
                           long guilds, long users, long gatewayPingMillis, boolean sessionIdPresent, long resumes,
                           long newSessions, long disconnects, int lastCloseCode, String lastFailure,
                           Gateway gateway, EventCounts.Counts events,
                           IdentifyGovernor.View identifyBudget, boolean identifyWaiting) {
        public Snapshot {
            requireNonNull(gateway, "gateway is null");
            requireNonNull(events, "events is null");
        }

        public boolean connected() {
            return state == ConnectionState.CONNECTED;
        }
    }

    /** @param url null until the first instance resolved it */
    public record Gateway(String mode, String url) {
        public Gateway {
            requireNonNull(mode, "mode is null");
        }
    }
}
