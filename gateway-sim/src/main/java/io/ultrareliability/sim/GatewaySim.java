package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.sim.faults.ControlHandler;
import io.ultrareliability.sim.faults.FaultSwitches;
import io.ultrareliability.sim.gateway.GatewayHub;
import io.ultrareliability.sim.rest.RestContext;
import io.ultrareliability.sim.rest.RestHandler;
import io.ultrareliability.sim.state.CommandRegistry;
import io.ultrareliability.sim.state.MessageLog;
import io.ultrareliability.sim.state.PendingInteractions;
import io.ultrareliability.sim.state.SessionLedger;
import io.ultrareliability.sim.state.SimCounters;
import io.ultrareliability.sim.state.SimIds;
import io.ultrareliability.sim.state.TokenRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Discord (REST + gateway v10, JSON) with fault injection, on one port of 127.0.0.1:
 * REST under {@code /api/v10/}, the gateway WebSocket at {@code /gateway}, the operator's
 * switches under {@code /_sim/}.
 */
public final class GatewaySim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewaySim.class);
    public static final String HOST = "127.0.0.1";
    public static final String GATEWAY_PATH = "/gateway";

    private final SimConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final GatewayHub hub;
    private final DefaultSimFaults faults;
    private final SimCounters counters;
    private final MessageLog messages;
    private final SessionLedger ledger;
    private final TokenRegistry tokens;
    private final PendingInteractions interactions;
    private final InstantSource clock;
    private final ScheduledExecutorService ticker;
    private volatile int port;

    private GatewaySim(SimConfig config) {
        this.config = requireNonNull(config, "config is null");
        clock = InstantSource.system();
        tokens = new TokenRegistry(config.tokens());
        ledger = new SessionLedger(config.tokens().size(), clock.instant());
        counters = new SimCounters();
        messages = new MessageLog();
        FaultSwitches switches = new FaultSwitches(clock);
        interactions = new PendingInteractions();
        SimIds ids = new SimIds();
        CommandRegistry commands = new CommandRegistry(ids, clock);
        hub = new GatewayHub(tokens, counters, switches, interactions, ids, clock, config.heartbeatInterval(),
                config.guilds(), () -> gatewayUrl().toString(), ledger, config.resumeWindow());
        faults = new DefaultSimFaults(hub, switches, tokens, counters, messages, interactions, commands, ledger,
                clock);
        switches.sessionStartBudget().onExhausted(() -> {
            LOG.warn("session_start_limit exhausted: the token is reset (every session closed 4004, REST 401)");
            tokens.revoke();
            hub.closeAll(4004);
        });

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("gateway-sim");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(HOST);
        connector.setPort(config.port());
        // SO_REUSEADDR: a new simulator can take the port while sockets of the last one linger
        // in FIN_WAIT/TIME_WAIT; two listeners on one port still fail (Linux needs SO_REUSEPORT).
        connector.setReuseAddress(true);
        server.addConnector(connector);

        RestContext rest = new RestContext(tokens, counters, switches, messages, interactions, commands, ids, clock,
                config.guilds(), () -> gatewayUrl().toString());
        Handler.Sequence routes = new Handler.Sequence(
                new ControlHandler(faults, this::stats, switches.sessionStartBudget()), new RestHandler(rest), new NotFound());
        WebSocketUpgradeHandler websocket = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.setMaxTextMessageSize(1 << 20);
            container.addMapping(GATEWAY_PATH, (request, response, callback) -> {
                if (switches.refusing()) {
                    Response.writeError(request, response, callback, 503, "gateway-sim refuses connections");
                    return null;
                }
                org.eclipse.jetty.util.Fields query = Request.extractQueryParameters(request);
                return hub.newConnection(query.getValue("v"), query.getValue("encoding"),
                        request.getConnectionMetaData().getConnection().getEndPoint());
            });
        });
        websocket.setHandler(routes);
        server.setHandler(websocket);
        // No graceful wait: idle keep-alive connections (OkHttp keeps some) would hold close()
        // up; the gateway's closing handshakes are awaited by close() itself.
        server.setStopTimeout(0);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-sim-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts on 127.0.0.1 and returns once it listens. */
    public static GatewaySim start(SimConfig config) {
        GatewaySim sim = new GatewaySim(config);
        try {
            sim.server.start();
        } catch (Exception e) {
            sim.stopQuietly();
            if (isBindFailure(e)) {
                throw new SimStartException("cannot listen on " + HOST + ":" + config.port()
                        + ": the port is already in use", e);
            }
            throw new SimStartException("gateway-sim failed to start: " + e, e);
        }
        sim.port = sim.connector.getLocalPort();
        long tickMs = Math.max(50, Math.min(500, config.heartbeatInterval().toMillis() / 4));
        sim.ticker.scheduleWithFixedDelay(sim::tickSafely, tickMs, tickMs, TimeUnit.MILLISECONDS);
        LOG.info("gateway-sim listening on {}:{} ({})", HOST, sim.port, config);
        return sim;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private void tickSafely() {
        try {
            hub.tick();
        } catch (RuntimeException e) {
            LOG.warn("gateway-sim tick failed", e);
        }
    }

    public SimConfig config() {
        return config;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:P/api/v10} (JDA: {@code new RestConfig().setBaseUrl(...)}). */
    public URI restBaseUrl() {
        return URI.create("http://" + HOST + ":" + port + "/api/v10");
    }

    /** {@code ws://127.0.0.1:P/gateway}; also what {@code GET /api/v10/gateway} answers. */
    public URI gatewayUrl() {
        return URI.create("ws://" + HOST + ":" + port + GATEWAY_PATH);
    }

    /** {@code http://127.0.0.1:P/_sim}. */
    public URI controlUrl() {
        return URI.create("http://" + HOST + ":" + port + "/_sim");
    }

    public SimFaults faults() {
        return faults;
    }

    /** Makes IDENTIFY with GUILD_MEMBERS, GUILD_PRESENCES or MESSAGE_CONTENT fail with 4014. */
    public void disallowPrivilegedIntents(boolean disallow) {
        faults.privilegedIntents(!disallow);
    }

    public String guildId(int index) {
        checkGuild(index);
        return Long.toString(SimIds.guildId(index));
    }

    /** The id of guild {@code index}'s only text channel, {@code #general}. */
    public String textChannelId(int guildIndex) {
        checkGuild(guildIndex);
        return Long.toString(SimIds.textChannelId(guildIndex));
    }

    public String firstTextChannelId() {
        return textChannelId(0);
    }

    /** The bot user id (also its application id) for the token at this index. */
    public String botUserId(int tokenIndex) {
        if (tokenIndex < 0 || tokenIndex >= config.tokens().size()) {
            throw new IllegalArgumentException("no token at index " + tokenIndex);
        }
        return Long.toString(SimIds.botUserId(tokenIndex));
    }

    private void checkGuild(int index) {
        if (index < 0 || index >= config.guilds()) {
            throw new IllegalArgumentException("guild index must be 0.." + (config.guilds() - 1) + ", got " + index);
        }
    }

    /** The stats of the token at this index (per-token figures are keyed by fingerprint in {@link #stats()}). */
    public TokenStats tokenStats(int tokenIndex) {
        if (tokenIndex < 0 || tokenIndex >= config.tokens().size()) {
            throw new IllegalArgumentException("no token at index " + tokenIndex);
        }
        return ledger.snapshot(clock.instant()).get(tokenIndex);
    }

    /** Discord's 3 s rule for interaction callbacks: refuse late ones with 10062 (off by default). */
    public void enforceInteractionDeadline(boolean on) {
        faults.interactionDeadline(on);
    }

        public SimStats stats() {
        Map<String, Integer> byToken = hub.sessionsOpenByToken();
        int sessionsOpen = byToken.values().stream().mapToInt(Integer::intValue).sum();
        Instant now = clock.instant();
        List<TokenStats> perIndex = ledger.snapshot(now);
        Map<String, TokenStats> perToken = new TreeMap<>();
        for (int i = 0; i < perIndex.size(); i++) {
            perToken.put(tokens.fingerprint(i), perIndex.get(i));
        }
        return new SimStats(hub.connectionsOpen(), sessionsOpen, byToken, counters.identifies.get(),
                counters.resumes.get(), counters.heartbeats.get(), counters.messagesPosted.get(),
                counters.interactionReplies.get(), interactions.counts(now), messages.snapshot(), perToken, ledger.since());
    }

    /** Stops, closes every socket and frees the port. */
    @Override
    public void close() {
        try {
            hub.closeEverything(Duration.ofMillis(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly();
        LOG.info("gateway-sim on port {} stopped", port);
    }

    private void stopQuietly() {
        ticker.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("gateway-sim stop: {}", e.toString());
        }
    }

    /** Discord's JSON 404 for anything no route claimed. */
    private static final class NotFound extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            io.ultrareliability.sim.rest.HttpIo.error(response, callback, 404, "404: Not Found", 0);
            return true;
        }
    }
}
