package io.ultrareliability.keeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.downstream.DownstreamHub;
import io.ultrareliability.keeper.downstream.HubSettings;
import io.ultrareliability.keeper.downstream.TokenCheck;
import io.ultrareliability.keeper.http.AdminSecret;
import io.ultrareliability.keeper.http.KeeperServer;
import io.ultrareliability.keeper.http.KeeperView;
import io.ultrareliability.keeper.state.MemoryStateStore;
import io.ultrareliability.keeper.state.StateStore;
import io.ultrareliability.keeper.store.KeeperStore;
import io.ultrareliability.keeper.store.LedgeredIdentifyGate;
import io.ultrareliability.keeper.store.Recovered;
import io.ultrareliability.keeper.store.StoreConfig;
import io.ultrareliability.keeper.upstream.GatewayBotClient;
import io.ultrareliability.keeper.upstream.SpacedIdentifyGate;
import io.ultrareliability.keeper.upstream.UpstreamListener;
import io.ultrareliability.keeper.upstream.UpstreamShard;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.ultrareliability.keeper.interaction.InteractionDeferrer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The keeper assembled: upstream shard, state, buffer, hub and the local server. */
public final class Keeper implements AutoCloseable, KeeperView, UpstreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(Keeper.class);

    private final KeeperConfig config;
    private final InstantSource clock = InstantSource.system();
    private final StateStore state = new MemoryStateStore();
    private final DownstreamHub hub;
    private final UpstreamShard upstream;
    private final KeeperServer server;
    private final ScheduledExecutorService upstreamThread;
    private final ScheduledExecutorService ticker;
    /** Apart from the ticker: its store upkeep can take longer than an interaction's 3 s. */
    private final ScheduledExecutorService interactionTicker;
    private final GatewayBotClient.GatewayBot discovered;
    private final SpacedIdentifyGate gate;
    private final Consumer<String> onFatal;
    private final KeeperStore store;
    private volatile Runnable stopHook;
    private volatile boolean endSessionOnClose;
    private int ticks;
    private final InteractionDeferrer deferrer;

    private Keeper(KeeperConfig config, GatewayBotClient.GatewayBot discovered, SpacedIdentifyGate gate,
            HttpClient http, AdminSecret admin, Consumer<String> onFatal, KeeperStore store) {
        this.config = config;
        this.store = store;
        this.discovered = discovered;
        this.gate = gate;
        this.onFatal = onFatal;
        upstreamThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "keeper-upstream"));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "keeper-ticker"));
        interactionTicker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "keeper-interactions"));
        TokenCheck tokens = new TokenCheck(config.token());
        HubSettings settings = new HubSettings(config.heartbeatInterval(), config.resumeWindow(),
                config.replayCapacity(), this::gatewayUrl, config.interactionDeferAfter());
        deferrer = new InteractionDeferrer(http, config.apiBaseUrl());
        upstream = new UpstreamShard(http, discovered::url, config.token(), config.intents(), config.shard(),
                new LedgeredIdentifyGate(gate, store), this, clock, upstreamThread,
                () -> ThreadLocalRandom.current().nextDouble());
        // One thread per IDENTIFY burst (at most one per connection, so bounded by the cap).
        hub = new DownstreamHub(state, new DispatchBuffer(config.buffer()), clock, settings, upstream::forward,
                store.journal(), r -> daemon(r, "keeper-identify-burst").start());
        // 5 s idle for HTTP (a slow socket holds a slot at most that long); WebSockets get their own.
        server = new KeeperServer(config.port(), new KeeperServer.Limits(config.maxConnections(), 8192,
                Duration.ofSeconds(5), 32), config.heartbeatInterval(), hub, tokens, this, admin, this::gatewayUrl);
    }

    /**
     * Asks Discord where the gateway is, listens locally, then opens the upstream session.
     * Throws on a bad token (401) or when the port is taken; the caller maps that to one line.
     */
    public static Keeper start(KeeperConfig config, Consumer<String> onFatal) throws Exception {
        return start(config, StoreConfig.memoryOnly(), onFatal);
    }

    /**
     * As {@link #start(KeeperConfig, Consumer)}, with the state kept in {@code storeConfig}'s
     * database: what it holds is restored first, and a saved upstream session is RESUMEd.
     */
    public static Keeper start(KeeperConfig config, StoreConfig storeConfig, Consumer<String> onFatal)
            throws Exception {
        requireNonNull(config, "config is null");
        requireNonNull(storeConfig, "storeConfig is null");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        GatewayBotClient.GatewayBot bot = new GatewayBotClient(http, config.apiBaseUrl(), config.token()).fetch();
        SpacedIdentifyGate gate = new SpacedIdentifyGate(config.identifyReserve());
        gate.limits(bot.limit(), InstantSource.system().instant());
        AdminSecret admin = AdminSecret.loadOrCreate(config.runDir());
        Keeper[] self = new Keeper[1];
        KeeperStore store = KeeperStore.open(storeConfig, config.shard().id() + "/" + config.shard().count(),
                config.replayCapacity(), InstantSource.system(),
                () -> self[0] != null && self[0].upstream.status().connected);
        Keeper keeper;
        try {
            keeper = new Keeper(config, bot, gate, http, admin, onFatal, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        self[0] = keeper;
        keeper.restore(store.recovered(), storeConfig);
        keeper.server.start();
        keeper.ticker.scheduleWithFixedDelay(keeper::tick, 250, 250, TimeUnit.MILLISECONDS);
        // Its own 50 ms beat: the defer bound leaves ~1 s of Discord's 3 s for the callback.
        keeper.interactionTicker.scheduleWithFixedDelay(keeper::deferInteractions, 50, 50, TimeUnit.MILLISECONDS);
        keeper.upstream.start();
        LOG.info("gateway-keeper listening on {} ({})", keeper.gatewayUrl(), config);
        return keeper;
    }

    /** State, bot sessions, buffer and the upstream session as the previous process left them. */
    private void restore(Recovered r, StoreConfig storeConfig) {
        try {
            if (r.ready().isPresent()) {
                state.ready((ObjectNode) Jsons.read(r.ready().get()));
                for (var g : r.guilds()) {
                    state.apply(g.type(), Jsons.read(g.data()));
                }
                for (var d : r.stateLog()) {
                    state.apply(d.type(), Jsons.read(d.data()));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("keeper store: saved state unusable ({}); the state is rebuilt from the next READY", e.toString());
        }
        hub.restore(r.sessions(), r.buffer());
        r.upstream().ifPresent(u -> {
            java.time.Duration idle = java.time.Duration.between(u.seenAt(), clock.instant());
            if (idle.compareTo(storeConfig.upstreamResumeWindow()) < 0) {
                LOG.info("upstream shard {}: saved session (seq {}, last seen {} ms ago): resuming", config.shard().id(),
                        u.seq(), idle.toMillis());
                upstream.restore(u.sessionId(), u.resumeUrl().orElse(null), u.seq());
            } else {
                LOG.info("upstream shard {}: saved session last seen {} s ago, past the resume window ({}): identifying",
                        config.shard().id(), idle.toSeconds(), storeConfig.upstreamResumeWindow());
            }
        });
    }

    /** Called (once, on another thread) when an admin asks the keeper to stop; the caller exits. */
    public void onStopRequested(Runnable hook) {
        this.stopHook = requireNonNull(hook, "hook is null");
    }

    @Override
    public boolean stop(boolean endSession) {
        Runnable hook = stopHook;
        if (hook == null) {
            return false;
        }
        endSessionOnClose = endSession;
        Thread.ofPlatform().daemon().name("keeper-stop").start(hook);
        return true;
    }

    private void tick() {
        try {
            if (++ticks % 4 == 0) {
                hub.maintainStore();
            }
            hub.tick();
        } catch (RuntimeException e) {
            LOG.warn("keeper tick failed: {}", e.toString());
        }
    }

    private void deferInteractions() {
        try {
            hub.interactionsToDefer().forEach(deferrer::defer);
        } catch (RuntimeException e) {
            LOG.warn("keeper interaction deferral failed: {}", e.toString());
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code ws://127.0.0.1:P/gateway}: what bots connect to and resume on. */
    public String gatewayUrl() {
        return "ws://" + KeeperServer.HOST + ":" + server.port() + KeeperServer.GATEWAY_PATH;
    }

    // ---- UpstreamListener (upstream thread) -----------------------------------------------

    @Override
    public void ready(ObjectNode data) {
        hub.upstreamReady(upstream.seq(), data);
    }

    @Override
    public void dispatch(String type, long seq, JsonNode data, String dataText) {
        hub.publish(type, seq, data, dataText);
    }

    @Override
    public void fatal(String reason) {
        LOG.error("upstream: {}", reason);
        onFatal.accept(reason);
    }

    // ---- KeeperView --------------------------------------------------------------------------

    @Override
    public ObjectNode health() {
        ObjectNode h = Telemetry.health(upstream.status(), hub.stats(), clock.instant());
        h.putObject("store").put("enabled", store.status().enabled()).put("behind", store.status().behind())
                .put("durable_seq", store.status().durableSeq());
        h.putObject("interactions").put("deferred", deferrer.deferred())
                .put("already_acknowledged", deferrer.alreadyAcknowledged()).put("defer_failed", deferrer.failed());
        return h;
    }

    @Override
    public String metrics() {
        return Telemetry.metrics(upstream.status(), hub.stats(), state.approximateBytes()) + store.status().metrics()
                + "# HELP keeper_upstream_duplicates_total replayed dispatches at or below the last sequence, absorbed\n"
                + "# TYPE keeper_upstream_duplicates_total counter\nkeeper_upstream_duplicates_total "
                + upstream.status().duplicates.get() + "\n"
                + "# HELP keeper_interactions_deferred_total interactions no bot read in time, deferred by the keeper\n"
                + "# TYPE keeper_interactions_deferred_total counter\nkeeper_interactions_deferred_total "
                + deferrer.deferred() + "\n"
                + "# HELP keeper_interaction_defer_failures_total deferrals Discord refused or that did not reach it\n"
                + "# TYPE keeper_interaction_defer_failures_total counter\nkeeper_interaction_defer_failures_total "
                + deferrer.failed() + "\n";
    }

    @Override
    public ObjectNode gatewayBot(String url) {
        ObjectNode o = Jsons.object().put("url", url).put("shards", config.shard().count());
        // Bots identify with the keeper, not with Discord: their IDENTIFYs cost nothing.
        o.putObject("session_start_limit").put("total", 1000).put("remaining", 1000).put("reset_after", 0)
                .put("max_concurrency", 1);
        return o;
    }

    @Override
    public ObjectNode sessions() {
        ObjectNode o = Jsons.object();
        o.set("sessions", hub.describeSessions());
        return o;
    }

    @Override
    public void reconnectUpstream() {
        upstream.reconnectNow();
    }

    public URI discoveredGateway() {
        return discovered.url();
    }

    /**
     * Closes upstream first, with a resumable code (unless an admin asked to end the session):
     * once that returns no dispatch is published any more (what Discord sent after it is not
     * committed, so the next keeper's RESUME gets it again). Only then are the bots closed with
     * 1001 (they resume when a keeper is back): nothing is written into a closing bot socket,
     * which a bot could drop unread (e2e, keeper upgrade: 1 message lost in 1 of 3 runs when the
     * bots were closed first). Then the store and the port.
     */
    @Override
    public void close() {
        boolean end = endSessionOnClose;
        upstream.close(end);
        hub.closeAll(1001, "keeper stopping");
        ticker.shutdownNow();
        interactionTicker.shutdownNow();
        upstreamThread.shutdownNow();
        try {
            upstreamThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close(end);
        server.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
