package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.interaction.InteractionDeferrals;
import io.ultrareliability.keeper.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where upstream dispatches meet bot sessions. One lock orders everything: applying a dispatch
 * to the state, handing it to the live sessions or the buffer, and serving an IDENTIFY
 * (READY, GUILD_CREATEs, then the buffer) or a RESUME. So a bot never sees a dispatch twice or
 * out of order, and a snapshot never misses one. Frames are only queued under the lock and
 * written to the sockets after it is released.
 */
public final class DownstreamHub {
    private final StateStore state;
    private final DispatchBuffer buffer;
    private final InstantSource clock;
    private final HubSettings settings;
    private final Consumer<String> upstream;
    private final HubJournal journal;
    private final Map<String, DownstreamSession> sessions = new LinkedHashMap<>();
    private final List<DownstreamConnection> waitingForReady = new ArrayList<>();
    private final MemberRequests memberRequests = new MemberRequests();
    private final Set<DownstreamConnection> connections = new HashSet<>();
    private final HubInteractions interactions;
    final AtomicLong unknownTypes = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong identifies = new AtomicLong();
    final AtomicLong resumes = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();

    public DownstreamHub(StateStore state, DispatchBuffer buffer, InstantSource clock, HubSettings settings,
            Consumer<String> upstream) {
        this(state, buffer, clock, settings, upstream, HubJournal.NONE);
    }

    /** With a durable store: every step is committed to {@code journal} before its frames are written. */
    public DownstreamHub(StateStore state, DispatchBuffer buffer, InstantSource clock, HubSettings settings,
            Consumer<String> upstream, HubJournal journal) {
        this.journal = requireNonNull(journal, "journal is null");
        this.state = requireNonNull(state, "state is null");
        this.buffer = requireNonNull(buffer, "buffer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.interactions = new HubInteractions(settings.interactionDeferAfter());
    }

    HubSettings settings() {
        return settings;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- upstream side ---------------------------------------------------------------------

    /** A new upstream session's READY: the state restarts; bots keep their own sessions. */
    public void upstreamReady(ObjectNode data) {
        upstreamReady(0, data);
    }

    /** As {@link #upstreamReady(ObjectNode)}, with READY's sequence number for the store. */
    public void upstreamReady(long seq, ObjectNode data) {
        List<DownstreamConnection> waiting;
        synchronized (this) {
            state.ready(data);
            journal.upstreamReady(seq, data);
            journal.commit();
            waiting = List.copyOf(waitingForReady);
            waitingForReady.clear();
        }
        waiting.forEach(c -> identify(c));
    }

    /** Applies a dispatch and hands it to every live session, or to the buffer if none is. */
    public void publish(String type, JsonNode data, String dataText) {
        publish(type, 0, data, dataText);
    }

    /** As {@link #publish(String, JsonNode, String)}, with Discord's {@code s} for the store. */
    public void publish(String type, long seq, JsonNode data, String dataText) {
        List<DownstreamConnection> toFlush = new ArrayList<>();
        synchronized (this) {
            StateStore.Applied applied = state.apply(type, data);
            if (applied == StateStore.Applied.UNKNOWN) {
                unknownTypes.incrementAndGet();
            }
            journal.upstreamDispatch(seq, type, dataText, applied == StateStore.Applied.STATE);
            Instant now = clock.instant();
            if (type.equals("GUILD_MEMBERS_CHUNK")) {
                Optional<DownstreamSession> asker = memberRequests.asker(data.path("nonce").asText(null), now)
                        .map(sessions::get);
                if (asker.isPresent()) {
                    deliver(asker.get(), type, dataText, toFlush);
                    journal.commit();
                    flush(toFlush);
                    return;
                }
            }
            long interactionId = interactions.arrived(type, data, dataText, now);
            List<DownstreamSession> live = sessions.values().stream().filter(DownstreamSession::live).toList();
            if (live.isEmpty()) {
                Dispatch d = new Dispatch(type, dataText, seq, now, applied == StateStore.Applied.STATE);
                buffer.offer(d, now);
                journal.buffered(d);
                journal.bufferTrimmed(buffer.size());
            } else {
                for (DownstreamSession s : live) {
                    deliver(s, type, dataText, toFlush);
                    interactions.sent(interactionId, s);
                }
            }
            journal.commit();
        }
        flush(toFlush);
    }

    private void deliver(DownstreamSession s, String type, String data, List<DownstreamConnection> toFlush) {
        send(s, type, data);
        if (s.connection() != null) {
            delivered.incrementAndGet();
            toFlush.add(s.connection());
        }
    }

    /** Numbers a kept frame for {@code s}, queues it and tells the journal (every kept frame goes through here). */
    private void send(DownstreamSession s, String type, String data) {
        String text = s.deliver(type, data);
        journal.sent(s.id(), s.seq(), text);
    }

    // ---- durability (issue 16) ---------------------------------------------------------------

    /** After a keeper restart: the bot sessions and the buffer as the store kept them. */
    public synchronized void restore(List<HubJournal.SessionImage> saved, List<Dispatch> buffered) {
        Instant now = clock.instant();
        for (HubJournal.SessionImage image : saved) {
            sessions.put(image.id(), DownstreamSession.restored(image, settings.replayCapacity(), now));
        }
        buffered.forEach(d -> buffer.offer(d, now));
    }

    /** Periodic upkeep of the store, under the lock so a full rewrite sees one consistent image. */
    public synchronized void maintainStore() {
        journal.maintain(this::image);
    }

    private HubJournal.HubImage image() {
        List<HubJournal.GuildFrame> guilds = new ArrayList<>();
        state.forEachGuild((type, data) -> guilds.add(new HubJournal.GuildFrame(type, data)));
        return new HubJournal.HubImage(state.readyData(), guilds, buffer.contents(),
                sessions.values().stream().map(DownstreamSession::image).toList());
    }

    // ---- bot side ----------------------------------------------------------------------------

    /** A listener for a new bot WebSocket (the server calls this on each upgrade). */
    public org.eclipse.jetty.websocket.api.Session.Listener newConnection(TokenCheck tokens) {
        return new DownstreamConnection(this, tokens);
    }

    /** Live bot sessions, for the admin route: id, sequence, frames written. */
    public synchronized com.fasterxml.jackson.databind.node.ArrayNode describeSessions() {
        com.fasterxml.jackson.databind.node.ArrayNode list = Jsons.MAPPER.createArrayNode();
        for (DownstreamSession s : sessions.values()) {
            DownstreamConnection c = s.connection();
            list.addObject().put("id", s.id()).put("seq", s.seq()).put("written", s.written())
                    .put("connected", c != null).put("last_read_seq", c == null ? -1 : c.lastReadSeq());
        }
        return list;
    }

    void opened(DownstreamConnection c) {
        synchronized (this) {
            connections.add(c);
        }
    }

    /** IDENTIFY (token already checked): READY, the guilds, the buffer, then live. */
    void identify(DownstreamConnection c) {
        synchronized (this) {
            Optional<ObjectNode> ready = state.readyData();
            if (ready.isEmpty()) {
                // Upstream has no session yet: answer when it has (JDA waits for READY).
                waitingForReady.add(c);
                return;
            }
            if (!c.isOpen()) {
                return;
            }
            DownstreamSession s = new DownstreamSession(UUID.randomUUID().toString().replace("-", ""),
                    settings.replayCapacity());
            sessions.put(s.id(), s);
            s.attach(c);
            c.identified(s);
            identifies.incrementAndGet();
            ObjectNode d = ready.get();
            d.put("session_id", s.id());
            d.put("resume_gateway_url", settings.resumeUrl().get());
            d.putArray("private_channels");
            s.deliverInitial("READY", Jsons.text(d));
            state.forEachGuild(s::deliverInitial);
            journal.sessionOpened(s.id(), s.floor());
            drainBufferTo(s, false);
            journal.commit();
        }
        c.flush();
    }

    /** RESUME: replay what this session missed, then the buffer, then RESUMED. */
    void resume(DownstreamConnection c, String sessionId, long clientSeq) {
        DownstreamConnection previous;
        synchronized (this) {
            DownstreamSession s = sessionId == null ? null : sessions.get(sessionId);
            Optional<List<String>> missed = s == null ? Optional.empty() : s.framesAfter(clientSeq);
            if (missed.isEmpty()) {
                c.sendInvalidSession();
                return;
            }
            previous = s.connection();
            s.attach(c);
            c.identified(s);
            resumes.incrementAndGet();
            missed.get().forEach(c::enqueue);
            replayed.addAndGet(missed.get().size());
            drainBufferTo(s, true);
            send(s, "RESUMED", "{\"_trace\":[\"gateway-keeper\"]}");
            journal.commit();
        }
        c.flush();
        if (previous != null && previous != c) {
            previous.closeFromKeeper(4000, "session resumed elsewhere");
        }
    }

    /**
     * The buffer, in order. A new session (IDENTIFY) skips the state changes: its GUILD_CREATEs
     * already show them, and a second GUILD_CREATE or CHANNEL_CREATE for the same thing would
     * look like a new one. A resumed session gets everything: its cache is from before.
     */
    private void drainBufferTo(DownstreamSession s, boolean resumed) {
        buffer.evictExpired(clock.instant());
        List<Dispatch> all = buffer.drain();
        for (Dispatch d : all) {
            if (resumed || !d.stateChange()) {
                interactions.sendBuffered(s, d, (type, data) -> send(s, type, data));
                replayed.incrementAndGet();
            }
        }
        if (!all.isEmpty()) {
            journal.bufferTrimmed(0);
        }
    }

    /**
     * A bot died with interactions it never confirmed reading and no other bot is live: they go
     * to the buffer for the next bot (at-least-once for interactions). If that same session
     * RESUMEs, its replay ring already holds them, so it skips these copies.
     */
    private void rebufferUnreadInteractions(DownstreamSession s, long lastReadSeq) {
        if (sessions.values().stream().anyMatch(DownstreamSession::live)) {
            return;
        }
        Instant now = clock.instant();
        List<Dispatch> unread = interactions.unreadBy(s, lastReadSeq, now);
        for (Dispatch d : unread) {
            buffer.offer(d, now);
            journal.buffered(d);
        }
        if (!unread.isEmpty()) {
            journal.bufferTrimmed(buffer.size());
            journal.commit();
        }
    }

    /** A heartbeat: the bot of {@code c} has read up to {@code seq}. */
    synchronized void read(DownstreamConnection c, long seq) {
        DownstreamSession s = c.session();
        if (s != null) {
            interactions.read(s.id(), seq);
        }
    }

    /** Interactions no bot read within the defer bound, to be deferred upstream now. */
    public synchronized List<InteractionDeferrals.Due> interactionsToDefer() {
        return interactions.due(clock.instant());
    }

    /** Op 3/4/8 from an identified bot; op 8's nonce routes the chunks back to it. */
    void forward(DownstreamConnection c, int op, JsonNode frame, String text) {
        DownstreamSession s = c.session();
        if (s == null) {
            return;
        }
        if (op == 8) {
            String nonce = frame.path("d").path("nonce").asText(null);
            synchronized (this) {
                memberRequests.remember(nonce, s.id(), clock.instant());
            }
        }
        upstream.accept(text);
    }

    /** The socket is gone. A client close with 1000/1001 ends the session, as at Discord. */
    void closed(DownstreamConnection c, int code, boolean byClient) {
        synchronized (this) {
            connections.remove(c);
            waitingForReady.remove(c);
            DownstreamSession s = c.session();
            boolean detached = s != null && s.detach(c, clock.instant());
            if (detached && byClient && (code == 1000 || code == 1001)) {
                sessions.remove(s.id());
                journal.sessionEnded(s.id());
                journal.commit();
            }
            if (detached && byClient) {
                // Not when the keeper closed it (stopping, or a silent bot told to RESUME).
                rebufferUnreadInteractions(s, c.lastReadSeq());
            }
        }
    }

    /** Periodic: forget sessions past the resume window, age out the buffer, time out silent bots. */
    public void tick() {
        List<DownstreamConnection> silent = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> {
                boolean gone = s.expired(now, settings.resumeWindow());
                if (gone) {
                    journal.sessionEnded(s.id());
                }
                return gone;
            });
            int before = buffer.size();
            buffer.evictExpired(now);
            if (buffer.size() != before) {
                journal.bufferTrimmed(buffer.size());
            }
            journal.commit();
            memberRequests.expire(now);
            Duration timeout = settings.heartbeatInterval().multipliedBy(2).plusSeconds(1);
            for (DownstreamConnection c : connections) {
                if (c.lastHeartbeat().plus(timeout).isBefore(now)) {
                    silent.add(c);
                }
            }
        }
        silent.forEach(c -> c.closeFromKeeper(4009, "Session timed out."));
    }

    private static void flush(List<DownstreamConnection> connections) {
        connections.forEach(DownstreamConnection::flush);
    }

    /** Closes every bot connection with a code that lets it resume (the keeper is stopping). */
    public void closeAll(int code, String reason) {
        List<DownstreamConnection> all;
        synchronized (this) {
            all = List.copyOf(connections);
        }
        all.forEach(c -> c.closeFromKeeper(code, reason));
    }

    public synchronized HubStats stats() {
        int live = (int) sessions.values().stream().filter(DownstreamSession::live).count();
        Instant now = clock.instant();
        return new HubStats(connections.size(), live, sessions.size(), buffer.size(), buffer.bytes(),
                buffer.dropped(), buffer.oldestAge(now), unknownTypes.get(), delivered.get(), identifies.get(),
                resumes.get(), replayed.get(), state.guildCount());
    }
}
