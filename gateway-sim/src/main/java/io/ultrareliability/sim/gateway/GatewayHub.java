package io.ultrareliability.sim.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.time.Poll;
import io.ultrareliability.sim.SimConfig;
import io.ultrareliability.sim.faults.FaultSwitches;
import io.ultrareliability.sim.state.Json;
import io.ultrareliability.sim.state.PendingInteractions;
import io.ultrareliability.sim.state.SessionLedger;
import io.ultrareliability.sim.state.SimCounters;
import io.ultrareliability.sim.state.SimIds;
import io.ultrareliability.sim.state.TokenRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All gateway connections and sessions, and what happens between them. Thread-safe. */
public final class GatewayHub {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHub.class);
    /** How often {@link #closeEverything} looks whether the closing handshakes are done. */
    private static final Poll CLOSE_POLL = Poll.every(Duration.ofMillis(10));

    /** How long a session without a connection stays resumable, unless configured otherwise. */
    public static final Duration RESUME_WINDOW = SimConfig.DEFAULT_RESUME_WINDOW;

    private final Set<GatewayConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
    private final TokenRegistry tokens;
    private final SimCounters counters;
    private final FaultSwitches faults;
    private final PendingInteractions interactions;
    private final SimIds ids;
    private final InstantSource clock;
    private final Duration heartbeatInterval;
    private final int guilds;
    private final ShardLayout layout;
    private final GatewayHandshake handshake;
    private final SessionLedger ledger;
    private final Duration resumeWindow;

    public GatewayHub(
            TokenRegistry tokens, SimCounters counters, FaultSwitches faults, PendingInteractions interactions,
            SimIds ids, InstantSource clock, Duration heartbeatInterval, int guilds, Supplier<String> gatewayUrl,
            SessionLedger ledger, Duration resumeWindow) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.resumeWindow = requireNonNull(resumeWindow, "resumeWindow is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.faults = requireNonNull(faults, "faults is null");
        this.interactions = requireNonNull(interactions, "interactions is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.heartbeatInterval = requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        this.guilds = guilds;
        this.layout = new ShardLayout(guilds);
        this.handshake = new GatewayHandshake(tokens, counters, faults, sessions, layout, clock,
                requireNonNull(gatewayUrl, "gatewayUrl is null"), ledger, resumeWindow, this::recount);
    }

    /**
     * A listener for a new WebSocket; the silence fault is sampled now. A wrong API version
     * ({@code v} other than 10) is closed with 4012 and a non-JSON encoding with 4002 at once.
     */
    public Object newConnection(String version, String encoding, org.eclipse.jetty.io.EndPoint endPoint) {
        int closeOnOpen = 0;
        if (!"10".equals(version)) {
            closeOnOpen = GatewayCloseCodes.INVALID_API_VERSION;
        } else if (encoding != null && !encoding.equals("json")) {
            closeOnOpen = GatewayCloseCodes.DECODE_ERROR;
        }
        return new GatewayConnection(this, faults.silence(), closeOnOpen, endPoint);
    }

    Instant now() {
        return clock.instant();
    }

    GatewayHandshake handshake() {
        return handshake;
    }

    long heartbeatIntervalMs() {
        return heartbeatInterval.toMillis();
    }

    FaultSwitches faults() {
        return faults;
    }

    JsonNode parse(String text) throws JsonProcessingException {
        return Json.parse(text);
    }

    void countHeartbeat() {
        counters.heartbeats.incrementAndGet();
    }

    void register(GatewayConnection connection) {
        connections.add(connection);
    }

    void unregister(GatewayConnection connection, int code, boolean closedByClient) {
        connections.remove(connection);
        GatewaySession session = connection.session();
        if (session == null) {
            return;
        }
        if (closedByClient && (code == 1000 || code == 1001)) {
            // Discord: a client closing with 1000/1001 invalidates its session.
            session.end();
        }
        session.detach(connection, now());
        recount();
    }

    /** Brings the ledger's connected counts (and offline clocks) up to date with the sessions. */
    void recount() {
        ledger.recount(now(), n -> {
            int[] counts = new int[n];
            for (GatewaySession session : sessions.values()) {
                if (session.tokenIndex() < n && session.isOpen()) {
                    counts[session.tokenIndex()]++;
                }
            }
            return counts;
        });
    }

    // ---- faults -------------------------------------------------------------------------

    public void closeAll(int code) {
        GatewayCloseCodes.requireSendable(code);
        connections.forEach(c -> c.closeFromServer(code, GatewayCloseCodes.reason(code)));
    }

    public void dropAll() {
        connections.forEach(GatewayConnection::drop);
    }

    public void reconnectAll() {
        connections.forEach(c -> c.send(Payloads.reconnect()));
    }

    /** Sends op 9 to every identified connection; non-resumable ends the sessions. */
    public void invalidateAll(boolean resumable) {
        for (GatewayConnection connection : connections) {
            GatewaySession session = connection.session();
            if (session == null) {
                continue;
            }
            if (!resumable) {
                session.end();
            }
            connection.send(Payloads.invalidSession(resumable));
        }
        recount();
    }

    /**
     * MESSAGE_CREATE from the simulated user to every session whose shard holds the channel and
     * that asked for GUILD_MESSAGES; without MESSAGE_CONTENT the content arrives empty, as on
     * Discord for a message that does not mention the bot.
     */
    public int injectMessage(long channelId, String content) {
        int guildIndex = SimIds.guildIndexOfChannel(channelId, guilds);
        if (guildIndex < 0) {
            throw new IllegalArgumentException("unknown channel " + channelId);
        }
        Instant at = now();
        long messageId = ids.next(at);
        int delivered = 0;
        for (GatewaySession session : sessions.values()) {
            if (layout.holds(session, guildIndex) && session.hasIntent(GatewayOps.GUILD_MESSAGES)) {
                String visible = session.hasIntent(GatewayOps.MESSAGE_CONTENT) ? content : "";
                session.dispatch("MESSAGE_CREATE", Payloads.messageCreate(messageId, channelId, guildIndex, visible, at));
                delivered++;
            }
        }
        return delivered;
    }

    /** INTERACTION_CREATE (slash command) in the first guild of every session's shard. */
    public int injectInteraction(String commandName) {
        requireNonNull(commandName, "commandName is null");
        int delivered = 0;
        for (GatewaySession session : sessions.values()) {
            if (session.ended()) {
                continue;
            }
            List<Integer> guildIndexes = layout.guildsOf(session.shardId(), session.shardCount());
            if (guildIndexes.isEmpty()) {
                continue;
            }
            int guildIndex = guildIndexes.getFirst();
            long id = ids.next(now());
            String token = "sim-interaction-" + id + "-" + UUID.randomUUID().toString().replace("-", "");
            interactions.add(new PendingInteractions.Pending(
                    id, token, session.tokenIndex(), SimIds.textChannelId(guildIndex), SimIds.guildId(guildIndex),
                    now()));
            session.dispatch("INTERACTION_CREATE", Payloads.slashCommand(
                    id, token, ids.next(now()), session.tokenIndex(), guildIndex, commandName));
            delivered++;
        }
        return delivered;
    }


    /**
     * Periodic work: close connections whose client stopped heartbeating (4009, Discord's
     * "session timed out") and forget sessions nobody can resume any more.
     */
    public void tick() {
        Instant now = now();
        Duration timeout = heartbeatInterval.multipliedBy(2).plusSeconds(1);
        for (GatewayConnection connection : connections) {
            if (connection.helloSent() && connection.isOpen()
                    && connection.lastHeartbeat().plus(timeout).isBefore(now)) {
                LOG.info("no heartbeat for {}: closing 4009", timeout);
                connection.closeWith(GatewayCloseCodes.SESSION_TIMED_OUT);
            }
        }
        sessions.values().removeIf(s -> {
            if (s.expired(now, resumeWindow)) {
                s.end(); // counted as ended if the window, not a close, ended it
                return true;
            }
            return false;
        });
        // Also catches connections that went away without a close callback yet.
        recount();
    }

    public void reset() {
        connections.forEach(c -> c.closeFromServer(1000, "gateway-sim reset"));
        sessions.values().forEach(GatewaySession::end);
        sessions.clear();
        recount();
    }

    /**
     * Sends 1001 to every connection and waits (bounded) for the closing handshakes, so the
     * clients get a close frame rather than a cut connection when the server stops.
     */
    public void closeEverything(Duration wait) throws InterruptedException {
        connections.forEach(c -> c.closeFromServer(1001, "gateway-sim stopping"));
        CLOSE_POLL.until(connections::isEmpty, wait);
    }

    public int connectionsOpen() {
        return (int) connections.stream().filter(GatewayConnection::isOpen).count();
    }

    /** Open sessions per token fingerprint (every configured token is listed, maybe with 0). */
    public Map<String, Integer> sessionsOpenByToken() {
        Map<String, Integer> result = new TreeMap<>();
        for (int i = 0; i < tokens.count(); i++) {
            result.put(tokens.fingerprint(i), 0);
        }
        for (GatewaySession session : sessions.values()) {
            if (session.isOpen()) {
                result.merge(tokens.fingerprint(session.tokenIndex()), 1, Integer::sum);
            }
        }
        return result;
    }
}
