package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.interaction.InteractionDeferrals;
import io.ultrareliability.keeper.state.GuildImage;
import io.ultrareliability.keeper.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where upstream dispatches meet bot sessions. One lock orders every step: applying a dispatch
 * to the state, handing it to the live sessions or the buffer, opening a session (IDENTIFY:
 * the state frozen, the buffer drained) or resuming one. So a bot never sees a dispatch twice
 * or out of order, and its guilds never miss one. Frames are only queued under the lock and
 * written after it is released; the long part of an IDENTIFY (writing every guild) runs on
 * {@code bursts} without the lock ({@link IdentifyBurst}), so it never holds up the others.
 * Who is connected: {@link HubSessions}; the buffer's side: {@link HubBuffer}.
 */
public final class DownstreamHub {
    private final StateStore state;
    private final InstantSource clock;
    private final HubSettings settings;
    private final Consumer<String> upstream;
    private final HubJournal journal;
    private final Executor bursts;
    private final HubSessions sessions = new HubSessions();
    private final MemberRequests memberRequests = new MemberRequests();
    private final HubInteractions interactions;
    private final HubBuffer buffer;
    private final AtomicLong unknownTypes = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong identifies = new AtomicLong();
    private final AtomicLong resumes = new AtomicLong();
    /** Set by {@link #closeAll}: sockets closing now are not a bot's death (nothing is re-buffered). */
    private boolean stopping;

    /** Memory only; an IDENTIFY burst is written on the thread that asked (tests, benchmarks). */
    public DownstreamHub(StateStore state, DispatchBuffer buffer, InstantSource clock, HubSettings settings,
            Consumer<String> upstream) {
        this(state, buffer, clock, settings, upstream, HubJournal.NONE, Runnable::run);
    }

    /**
     * With a durable store: every step is committed to {@code journal} before its frames are
     * written. {@code bursts} writes IDENTIFY bursts: give it threads of its own, never the one
     * reading that bot's socket (its heartbeats must still be read) nor the upstream one.
     */
    public DownstreamHub(StateStore state, DispatchBuffer buffer, InstantSource clock, HubSettings settings,
            Consumer<String> upstream, HubJournal journal, Executor bursts) {
        this.journal = requireNonNull(journal, "journal is null");
        this.state = requireNonNull(state, "state is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.bursts = requireNonNull(bursts, "bursts is null");
        this.interactions = new HubInteractions(settings.interactionDeferAfter());
        this.buffer = new HubBuffer(requireNonNull(buffer, "buffer is null"), journal, interactions);
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
            waiting = sessions.takeWaiting();
        }
        waiting.forEach(this::identify);
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
            Optional<DownstreamSession> asker = type.equals("GUILD_MEMBERS_CHUNK")
                    ? memberRequests.asker(data.path("nonce").asText(null), now).map(sessions::get)
                    : Optional.empty();
            boolean stateChange = applied == StateStore.Applied.STATE;
            if (asker.isPresent()) {
                deliver(asker.get(), type, dataText, stateChange, toFlush);
            } else {
                long interactionId = interactions.arrived(type, data, dataText, now);
                List<DownstreamSession> live = sessions.live();
                if (live.isEmpty()) {
                    buffer.offer(new Dispatch(type, dataText, seq, now, stateChange), now);
                }
                for (DownstreamSession s : live) {
                    deliver(s, type, dataText, stateChange, toFlush);
                    interactions.sent(interactionId, s);
                }
            }
            journal.commit();
        }
        toFlush.forEach(DownstreamConnection::flush);
    }

    private void deliver(DownstreamSession s, String type, String data, boolean stateChange,
            List<DownstreamConnection> toFlush) {
        send(s, type, data, stateChange);
        if (s.connection() != null) {
            delivered.incrementAndGet();
            toFlush.add(s.connection());
        }
    }

    /** Numbers a kept frame for {@code s}, queues it and tells the journal (every kept frame goes through here). */
    private void send(DownstreamSession s, String type, String data, boolean stateChange) {
        String text = s.deliver(type, data, stateChange);
        journal.sent(s.id(), s.seq(), text);
    }

    // ---- durability (issue 16) ---------------------------------------------------------------

    /** After a keeper restart: the bot sessions and the buffer as the store kept them. */
    public synchronized void restore(List<HubJournal.SessionImage> saved, List<Dispatch> buffered) {
        Instant now = clock.instant();
        for (HubJournal.SessionImage image : saved) {
            sessions.add(DownstreamSession.restored(image, settings.replayCapacity(), now));
        }
        buffer.restore(buffered, now);
    }

    /** Periodic upkeep of the store, under the lock so a full rewrite sees one consistent image. */
    public synchronized void maintainStore() {
        journal.maintain(this::image);
    }

    private HubJournal.HubImage image() {
        List<HubJournal.GuildFrame> guilds = new ArrayList<>();
        state.forEachGuild((type, data) -> guilds.add(new HubJournal.GuildFrame(type, data)));
        return new HubJournal.HubImage(state.readyData(), guilds, buffer.contents(),
                sessions.all().stream().map(DownstreamSession::image).toList());
    }

    // ---- bot side ----------------------------------------------------------------------------

    /** A listener for a new bot WebSocket (the server calls this on each upgrade). */
    public org.eclipse.jetty.websocket.api.Session.Listener newConnection(TokenCheck tokens) {
        return new DownstreamConnection(this, tokens);
    }

    /** Live bot sessions, for the admin route: id, sequence, frames written. */
    public synchronized ArrayNode describeSessions() {
        return sessions.describe();
    }

    synchronized void opened(DownstreamConnection c) {
        sessions.opened(c);
    }

    /**
     * IDENTIFY (token already checked). Under the lock: a new session, the guilds frozen, the
     * buffer drained into the session (held until its guilds are written), the step committed.
     * Then READY and the guilds are written on {@code bursts}, without the lock.
     */
    void identify(DownstreamConnection c) {
        IdentifyBurst burst;
        synchronized (this) {
            Optional<ObjectNode> ready = state.readyData();
            if (ready.isEmpty()) {
                // Upstream has no session yet: answer when it has (JDA waits for READY).
                sessions.waitForReady(c);
                return;
            }
            if (!c.isOpen()) {
                return;
            }
            DownstreamSession s = new DownstreamSession(UUID.randomUUID().toString().replace("-", ""),
                    settings.replayCapacity());
            sessions.add(s);
            s.attach(c);
            c.identified(s);
            identifies.incrementAndGet();
            ObjectNode d = ready.get();
            d.put("session_id", s.id());
            d.put("resume_gateway_url", settings.resumeUrl().get());
            d.putArray("private_channels");
            List<GuildImage> guilds = state.guildImages();
            long first = s.startBurst(1 + guilds.size());
            journal.sessionOpened(s.id(), s.floor());
            handOverRestored(s);
            buffer.drainTo(s, false, clock.instant(), (type, data, stateChange) -> send(s, type, data, stateChange));
            journal.commit();
            burst = new IdentifyBurst(this, s, c, first, Jsons.text(d), guilds);
        }
        bursts.execute(burst);
    }

    /**
     * A new session IDENTIFYed: sessions restored after a keeper restart whose bots did not
     * RESUME (e.g. a JDA that gave up a frozen keeper and was replaced by a fresh instance)
     * hand what their bots never confirmed to the buffer, which the new session drains next.
     * If such a bot RESUMEs later anyway, its ring serves it again (at-least-once).
     */
    private void handOverRestored(DownstreamSession identifying) {
        Instant now = clock.instant();
        for (DownstreamSession other : sessions.all()) {
            if (other != identifying && other.handOverPending()) {
                buffer.handOver(other.takeHandOver(), now);
                journal.readUpTo(other.id(), other.seq());
            }
        }
    }

    /** {@link IdentifyBurst} wrote its last guild: what {@code s} got meanwhile follows it. */
    void burstWritten(DownstreamSession s, DownstreamConnection c, int frames) {
        synchronized (this) {
            if (!s.burstWritten(c, frames)) {
                return;
            }
        }
        c.flush();
    }

    /** RESUME: replay what this session missed, then the buffer, then RESUMED. */
    void resume(DownstreamConnection c, String sessionId, long clientSeq) {
        DownstreamConnection previous;
        synchronized (this) {
            DownstreamSession s = sessions.get(sessionId);
            Optional<List<String>> missed = s == null ? Optional.empty() : s.framesAfter(clientSeq);
            if (missed.isEmpty()) {
                c.sendInvalidSession();
                return;
            }
            previous = s.connection();
            s.attach(c);
            c.identified(s);
            c.readUpTo(clientSeq); // what the bot says it has: its heartbeats go on from there
            if (s.confirm(clientSeq)) {
                journal.readUpTo(s.id(), clientSeq);
            }
            resumes.incrementAndGet();
            missed.get().forEach(c::enqueue);
            buffer.countReplayed(missed.get().size());
            buffer.drainTo(s, true, clock.instant(), (type, data, stateChange) -> send(s, type, data, stateChange));
            send(s, "RESUMED", "{\"_trace\":[\"gateway-keeper\"]}", false);
            journal.commit();
        }
        c.flush();
        if (previous != null && previous != c) {
            previous.closeFromKeeper(4000, "session resumed elsewhere");
        }
    }

    /** A heartbeat: the bot of {@code c} has read up to {@code seq}. */
    synchronized void read(DownstreamConnection c, long seq) {
        DownstreamSession s = c.session();
        if (s != null) {
            interactions.read(s.id(), seq);
            if (s.connection() == c && s.confirm(seq)) {
                // Durable, so a restarted keeper hands only the frames after it to another bot.
                journal.readUpTo(s.id(), seq);
                journal.commit();
            }
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
    synchronized void closed(DownstreamConnection c, int code, boolean byClient) {
        lost(c, code, byClient, false);
    }

    /**
     * Under the lock: {@code c} no longer serves its session: its socket closed, or the keeper
     * is closing it because its bot stopped reading ({@code silent}).
     */
    private void lost(DownstreamConnection c, int code, boolean byClient, boolean silent) {
        sessions.closed(c);
        DownstreamSession s = c.session();
        boolean detached = s != null && s.detach(c, clock.instant());
        if (detached && byClient && (code == 1000 || code == 1001)) {
            sessions.remove(s.id());
            journal.sessionEnded(s.id());
            journal.commit();
        }
        if (detached && (byClient || silent) && !stopping && !sessions.anyLive()) {
            // A bot closing with its own 4000-4999 code (JDA's 4900 for a connection it gave up
            // on, e.g. a frozen keeper) means to RESUME: if it IDENTIFYs instead (a fresh JDA), what
            // it never confirmed must not be lost; its RESUME skips the copies. A bot that stops
            // cleanly (1000/1001: restart, upgrade, its supervisor gone) may have closed with
            // frames in flight that JDA never dispatched: the next bot gets what this one never
            // confirmed (at-least-once: up to one heartbeat interval again). Only an abrupt end
            // (kill -9, 1006) keeps the at-most-once window: its last frames were most likely read.
            boolean gaveUp = byClient && code >= 4000 && code < 5000;
            boolean stoppedCleanly = byClient && (code == 1000 || code == 1001);
            buffer.rebufferUnread(s, c.lastReadSeq(), clock.instant(), silent || gaveUp || stoppedCleanly);
        }
        if (detached && !stopping && sessions.get(s.id()) != null) {
            // Its frames are re-buffered or count as delivered now: a restarted keeper hands
            // none of them over again. (A stopping keeper's bots RESUME, or the next keeper hands
            // over what they never confirmed.)
            s.confirm(s.seq());
            journal.readUpTo(s.id(), s.seq());
            journal.commit();
        }
    }

    /** Periodic: forget sessions past the resume window, age out the buffer, time out silent bots. */
    public void tick() {
        List<DownstreamConnection> silent;
        synchronized (this) {
            Instant now = clock.instant();
            if (!sessions.anyLive()) {
                // A restored session whose bot never came back: what it never confirmed goes to
                // the next bot. (With a bot live, an IDENTIFY already took it, or the live bot RESUMEd.)
                sessions.all().stream().filter(s -> s.expired(now, settings.resumeWindow()))
                        .forEach(s -> buffer.handOver(s.takeHandOver(), now));
            }
            sessions.expire(now, settings.resumeWindow(), journal::sessionEnded);
            buffer.evictExpired(now);
            journal.commit();
            memberRequests.expire(now);
            Duration timeout = settings.heartbeatInterval().multipliedBy(2).plusSeconds(1);
            silent = sessions.silent(now, timeout);
            // Detached now, not when the silent bot's socket finally closes (it may never answer
            // the close): what arrives meanwhile is buffered for the bot that replaces it.
            silent.forEach(c -> lost(c, 4009, false, true));
        }
        silent.forEach(c -> c.closeFromKeeper(4009, "Session timed out."));
    }

    /** Closes every bot connection with a code that lets it resume (the keeper is stopping). */
    public void closeAll(int code, String reason) {
        List<DownstreamConnection> all;
        synchronized (this) {
            stopping = true;
            all = sessions.connections();
        }
        all.forEach(c -> c.closeFromKeeper(code, reason));
    }

    public synchronized HubStats stats() {
        Instant now = clock.instant();
        DispatchBuffer b = buffer.dispatches();
        return new HubStats(sessions.connectionCount(), sessions.liveCount(), sessions.size(), b.size(), b.bytes(),
                b.dropped(), b.oldestAge(now), unknownTypes.get(), delivered.get(), identifies.get(),
                resumes.get(), buffer.replayed(), state.guildCount());
    }
}
