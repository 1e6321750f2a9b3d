package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.upstream.ReconnectPlan.Action;
import io.ultrareliability.keeper.upstream.ReconnectPlan.Next;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream gateway session (one shard) over the JDK's WebSocket. An actor: every state
 * change runs on {@code exec} (one thread), socket callbacks only post to it, and each socket
 * has a generation number so callbacks of an abandoned socket are ignored.
 */
public final class UpstreamShard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamShard.class);
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(15);
    /** A client close that keeps the session resumable at Discord (any code but 1000/1001; JDA's 4900). */
    public static final int RESUMABLE_CLOSE = 4900;

    private final Supplier<URI> gatewayUrl;
    private final Token token;
    private final long intents;
    private final ShardSpec shard;
    private final UpstreamIdentifyGate gate;
    private final UpstreamListener listener;
    private final InstantSource clock;
    private final ScheduledExecutorService exec;
    private final DoubleSupplier random;
    private final ReconnectPlan plan = ReconnectPlan.defaults();
    private final ForwardQueue forwards = new ForwardQueue();
    private final UpstreamStatus status = new UpstreamStatus();

    private final UpstreamSocket socket;
    private int generation;
    private boolean sessionLive;
    private Heartbeats heartbeats;
    private ScheduledFuture<?> timer;
    private String sessionId;
    private URI resumeUrl;
    private long seq;
    private boolean closed;

    public UpstreamShard(HttpClient http, Supplier<URI> gatewayUrl, Token token, long intents, ShardSpec shard,
            UpstreamIdentifyGate gate, UpstreamListener listener, InstantSource clock, ScheduledExecutorService exec,
            DoubleSupplier random) {
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
        this.token = requireNonNull(token, "token is null");
        this.intents = intents;
        this.shard = requireNonNull(shard, "shard is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.exec = requireNonNull(exec, "exec is null");
        this.random = requireNonNull(random, "random is null");
        this.socket = new UpstreamSocket(http, exec, new SocketEvents());
    }

    public void start() {
        exec.execute(() -> connect(sessionId != null ? Action.RESUME : Action.IDENTIFY));
    }

    /**
     * A session saved by a previous keeper process (issue 16): {@link #start()} then RESUMEs it on
     * {@code resumeUrl} with {@code seq}, and identifies only if Discord refuses. Before start only.
     */
    public void restore(String savedSessionId, URI savedResumeUrl, long savedSeq) {
        requireNonNull(savedSessionId, "savedSessionId is null");
        exec.execute(() -> {
            sessionId = savedSessionId;
            resumeUrl = savedResumeUrl;
            seq = savedSeq;
        });
    }

    /** Discord's last {@code s} read; for listeners, on the upstream thread. */
    public long seq() {
        return seq;
    }

    public UpstreamStatus status() {
        return status;
    }

    /** A bot's op 3/4/8: sent when the session is live, queued (bounded) while it is not. */
    public void forward(String frame) {
        requireNonNull(frame, "frame is null");
        exec.execute(() -> {
            if (!forwards.offer(frame, sessionLive, clock.instant(), this::send)) {
                status.forwardDropped.incrementAndGet();
            }
        });
    }

    /** Closes the socket with a resumable code and reconnects (op 7 without Discord asking). */
    public void reconnectNow() {
        exec.execute(() -> {
            if (socket.attached()) {
                abandon(4900, "keeper reconnect");
                schedule(new Next(sessionId != null ? Action.RESUME : Action.IDENTIFY, Duration.ZERO, "admin"));
            }
        });
    }

    private void connect(Action action) {
        if (closed) {
            return;
        }
        int gen = ++generation;
        boolean resume = action == Action.RESUME && sessionId != null;
        if (!resume) {
            clearSession(); // a new session numbers from 1: nothing of the old one is a duplicate
        }
        URI base = resume && resumeUrl != null ? resumeUrl : gatewayUrl.get();
        status.connects.incrementAndGet();
        LOG.info("upstream shard {}: connecting to {} ({})", shard.id(), base, resume ? "resume" : "identify");
        socket.open(base, gen);
        this.pendingResume = resume;
    }

    private void connectFailed(int gen, Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        LOG.warn("upstream shard {}: connect failed: {}", shard.id(), UpstreamSocket.oneLine(error));
        schedule(plan.afterConnectFailure(sessionId != null, random.getAsDouble()));
    }

    /**
     * From the listener's onOpen, which the JDK calls before any frame: posted to exec ahead of
     * HELLO, so the socket is in place when HELLO is handled.
     */
    private void opened(int gen, WebSocket ws) {
        if (gen != generation || closed) {
            ws.abort();
            return;
        }
        socket.attach(ws);
        setTimer(() -> {
            if (heartbeats == null) {
                LOG.warn("upstream shard {}: no HELLO within {}", shard.id(), HELLO_TIMEOUT);
                lost(gen, 1006, "no HELLO");
            }
        }, HELLO_TIMEOUT, gen);
        heartbeats = null;
    }

    private boolean pendingResume;

    private void onFrame(int gen, String text) {
        if (gen != generation || closed) {
            return;
        }
        JsonNode frame;
        try {
            frame = Jsons.read(text);
        } catch (java.io.IOException e) {
            LOG.warn("upstream shard {}: unreadable frame ignored", shard.id());
            return;
        }
        int op = frame.path("op").asInt(-1);
        switch (op) {
            case 0 -> onDispatch(frame);
            case 1 -> {
                heartbeats.sentOnRequest(clock.instant());
                send(UpstreamFrames.heartbeat(seq));
            }
            case 7 -> {
                abandon(4900, "op 7");
                schedule(plan.afterReconnectRequest(sessionId != null));
            }
            case 9 -> {
                boolean resumable = frame.path("d").asBoolean(false);
                abandon(4900, "op 9");
                if (!resumable) {
                    clearSession();
                }
                schedule(plan.afterInvalidSession(resumable, sessionId != null, random.getAsDouble()));
            }
            case 10 -> onHello(gen, frame.path("d").path("heartbeat_interval").asLong(41_250));
            case 11 -> {
                Instant now = clock.instant();
                heartbeats.acked(now);
                status.lastAck = now;
            }
            default -> LOG.debug("upstream shard {}: op {} ignored", shard.id(), op);
        }
    }

    private void onHello(int gen, long intervalMs) {
        Instant now = clock.instant();
        heartbeats = new Heartbeats(Duration.ofMillis(Math.max(100, intervalMs)));
        Instant first = heartbeats.start(now, random.getAsDouble());
        setTimer(() -> beat(gen), Duration.between(now, first), gen);
        if (pendingResume && sessionId != null) {
            status.resumes.incrementAndGet();
            send(UpstreamFrames.resume(token.reveal(), sessionId, seq));
        } else {
            identifyWhenAllowed(gen);
        }
    }

    private void identifyWhenAllowed(int gen) {
        if (gen != generation || closed) {
            return;
        }
        Instant now = clock.instant();
        var slot = gate.nextSlot(shard.id(), now);
        if (slot.isEmpty()) {
            LOG.warn("upstream shard {}: IDENTIFY budget exhausted; waiting", shard.id());
            exec.schedule(() -> identifyWhenAllowed(gen), 30, TimeUnit.SECONDS);
        } else if (slot.get().isAfter(now)) {
            exec.schedule(() -> identifyWhenAllowed(gen), Duration.between(now, slot.get()).toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            gate.spent(shard.id(), now);
            status.identifies.incrementAndGet();
            send(UpstreamFrames.identify(token.reveal(), intents, shard));
        }
    }

    private void onDispatch(JsonNode frame) {
        long s = frame.path("s").asLong(0);
        String type = frame.path("t").asText("");
        if (s > 0 && s <= seq && !type.equals("READY")) {
            // Replayed from before the saved sequence (a RESUME from an older durable point):
            // already applied and delivered, so absorbed here rather than sent to a bot twice.
            status.duplicates.incrementAndGet();
            return;
        }
        if (s > 0) {
            seq = s;
        }
        JsonNode d = frame.path("d");
        switch (type) {
            case "READY" -> {
                sessionId = d.path("session_id").asText(null);
                String resume = d.path("resume_gateway_url").asText("");
                resumeUrl = resume.startsWith("ws") ? URI.create(resume) : null;
                live();
                if (d instanceof ObjectNode o) {
                    listener.ready(o);
                }
            }
            case "RESUMED" -> live();
            default -> listener.dispatch(type, s, d, Jsons.text(d));
        }
        status.dispatches.incrementAndGet();
    }

    private void live() {
        plan.connected();
        sessionLive = true;
        status.connected = true;
        LOG.info("upstream shard {}: session live", shard.id());
        forwards.flush(clock.instant(), this::send);
    }

    private void beat(int gen) {
        if (gen != generation || closed || heartbeats == null) {
            return;
        }
        Instant now = clock.instant();
        if (heartbeats.due(now) == Heartbeats.Beat.ZOMBIE) {
            LOG.warn("upstream shard {}: heartbeat not acknowledged: zombie connection, resuming", shard.id());
            status.zombies.incrementAndGet();
            abandon(4900, "zombie");
            schedule(plan.afterClose(4900, sessionId != null, random.getAsDouble()));
            return;
        }
        send(UpstreamFrames.heartbeat(seq));
        setTimer(() -> beat(gen), Duration.between(now, heartbeats.nextDeadline()), gen);
    }

    private void lost(int gen, int code, String reason) {
        if (gen != generation || closed) {
            return;
        }
        LOG.warn("upstream shard {}: connection closed {} {}", shard.id(), code, reason);
        abandon(4900, "lost");
        Next next = plan.afterClose(code, sessionId != null, random.getAsDouble());
        if (next.action() == Action.FATAL) {
            closed = true;
            listener.fatal("upstream closed " + code + ": " + next.why());
            return;
        }
        if (next.action() == Action.IDENTIFY) {
            clearSession();
        }
        schedule(next);
    }

    /** Leaves the current socket: a close frame that keeps the session resumable, then abort. */
    private void abandon(int code, String reason) {
        generation++;
        sessionLive = false;
        status.connected = false;
        cancelTimer();
        socket.leave(code, reason);
    }

    private void schedule(Next next) {
        status.reconnects.incrementAndGet();
        LOG.info("upstream shard {}: {} in {} ms ({})", shard.id(), next.action(), next.delay().toMillis(), next.why());
        exec.schedule(() -> connect(next.action()), next.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void clearSession() {
        sessionId = null;
        resumeUrl = null;
        seq = 0;
    }

    private void send(String text) {
        socket.send(text);
    }

    private void setTimer(Runnable task, Duration delay, int gen) {
        cancelTimer();
        timer = exec.schedule(() -> {
            if (gen == generation) {
                task.run();
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Stops, keeping the session resumable for the next keeper process (close 4900, never 1000/1001). */
    @Override
    public void close() {
        close(false);
    }

    /** Stops for good. {@code endSession}: close 1000 (Discord ends the session, the bot goes offline). */
    public void close(boolean endSession) {
        int code = endSession ? 1000 : RESUMABLE_CLOSE;
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            closed = true;
            cancelTimer();
            // Wait (bounded below) for the close frame to be written: the JVM may exit right after.
            socket.leave(code, endSession ? "keeper stopping" : "keeper restarting")
                    .whenComplete((x, e) -> done.complete(null));
        });
        done.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
    }

    /** The socket's callbacks, already on exec. */
    private final class SocketEvents implements UpstreamSocket.Events {
        @Override
        public void opened(int gen, WebSocket ws) {
            UpstreamShard.this.opened(gen, ws);
        }

        @Override
        public void frame(int gen, String text) {
            onFrame(gen, text);
        }

        @Override
        public void lost(int gen, int code, String reason) {
            UpstreamShard.this.lost(gen, code, reason);
        }

        @Override
        public void failed(int gen, Throwable error) {
            connectFailed(gen, error);
        }
    }
}
