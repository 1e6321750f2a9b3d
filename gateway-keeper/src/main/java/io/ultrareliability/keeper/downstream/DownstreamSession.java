package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.Jsons;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One bot session as the keeper serves it: its own id and sequence numbers (independent of
 * Discord's), the frames it was sent (for its RESUME) and the connection it is attached to.
 * Guarded by the hub's lock; nothing here is thread-safe on its own.
 */
final class DownstreamSession {
    /** A kept frame; {@code type} is null for frames read back from the store (then parsed if needed). */
    private record Sent(long seq, String text, String type, boolean stateChange) {
    }

    /** A frame kept for RESUME, as a dispatch again: its type and {@code d}, and whether it changed the state. */
    record Unread(long seq, String type, String data, boolean stateChange) {
    }

    /** The replay ring's byte bound on top of its count bound (chars of frame text). */
    static final long RING_MAX_CHARS = 32L << 20;

    private final String id;
    private final int replayCapacity;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private long seq;
    private long ringChars;
    /** Sequence of the last frame of the IDENTIFY burst (READY, guilds): not kept for RESUME. */
    private long floor;
    private DownstreamConnection connection;
    private Instant detachedAt;
    private long written;
    /** Nothing up to this sequence is needed by another bot after a keeper restart (see {@link #confirm}). */
    private long confirmed;
    /**
     * Restored by a restarted keeper and not yet RESUMEd or handed over: its frames after
     * {@link #confirmed} may never have been read (issue: SIGSTOP of the keeper).
     */
    private boolean handOverPending;
    /**
     * Frames numbered while the IDENTIFY burst is still being written (outside the hub's lock):
     * held here, in order, and queued on the socket right after the burst's last guild.
     */
    private List<String> heldDuringBurst;

    DownstreamSession(String id, int replayCapacity) {
        this.id = requireNonNull(id, "id is null");
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("replayCapacity must be >= 1, got " + replayCapacity);
        }
        this.replayCapacity = replayCapacity;
    }

    String id() {
        return id;
    }

    /** Numbers a dispatch for this session, records it and queues it on the connection; returns the frame. */
    String deliver(String type, String data) {
        return deliver(type, data, false);
    }

    /** As {@link #deliver(String, String)}; {@code stateChange}: the dispatch changed the keeper's state. */
    String deliver(String type, String data, boolean stateChange) {
        seq++;
        String text = frame(type, seq, data);
        keep(new Sent(seq, text, type, stateChange));
        send(text);
        return text;
    }

    private void keep(Sent frame) {
        String text = frame.text();
        sent.addLast(frame);
        ringChars += text.length();
        while (sent.size() > replayCapacity || (ringChars > RING_MAX_CHARS && sent.size() > 1)) {
            ringChars -= sent.removeFirst().text().length();
        }
    }

    /**
     * A session read back from the store after a keeper restart (issue 16): detached since
     * {@code now}, so it expires one resume window later unless its bot comes back.
     */
    static DownstreamSession restored(HubJournal.SessionImage image, int replayCapacity, Instant now) {
        DownstreamSession s = new DownstreamSession(image.id(), replayCapacity);
        s.floor = image.floor();
        s.seq = image.floor();
        for (HubJournal.SentFrame f : image.frames()) {
            s.keep(new Sent(f.seq(), f.text(), null, false));
            s.seq = Math.max(s.seq, f.seq());
        }
        s.detachedAt = now;
        s.confirmed = image.readUpTo();
        s.handOverPending = true;
        return s;
    }

    /** For a full rewrite of the store. */
    HubJournal.SessionImage image() {
        return new HubJournal.SessionImage(id, floor, sent.stream()
                .map(f -> new HubJournal.SentFrame(f.seq(), f.text())).toList(), confirmed);
    }

    /** Sequence of the last frame of the IDENTIFY burst: a RESUME from before it is refused. */
    long floor() {
        return floor;
    }

    /**
     * Reserves the numbers of the IDENTIFY burst (READY and one frame per guild) and returns the
     * first. The burst is numbered and written by {@link IdentifyBurst}, not kept: a RESUME from
     * inside it gets op 9 and IDENTIFYs again, which is free at the keeper; keeping it would hold
     * a copy of every guild per bot session for the resume window. Until {@link #burstWritten}
     * the frames numbered after it are held back, so the bot reads them after its guilds.
     */
    long startBurst(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a burst has at least READY, got " + frames);
        }
        long first = seq + 1;
        seq += frames;
        floor = seq;
        heldDuringBurst = new ArrayList<>();
        return first;
    }

    /**
     * The burst's {@code frames} were written to {@code c}: the frames held meanwhile go to the
     * socket, in order, and from now on frames go straight to it. False when {@code c} is no
     * longer this session's connection (it closed, or the session RESUMEd elsewhere: its replay
     * ring has the held frames).
     */
    boolean burstWritten(DownstreamConnection c, int frames) {
        if (connection != c || heldDuringBurst == null) {
            return false;
        }
        List<String> held = heldDuringBurst;
        heldDuringBurst = null;
        written += frames;
        held.forEach(this::send);
        return true;
    }

    boolean inBurst() {
        return heldDuringBurst != null;
    }

    private void send(String text) {
        if (heldDuringBurst != null) {
            heldDuringBurst.add(text);
        } else if (connection != null) {
            connection.enqueue(text);
            written++;
        }
    }

    /**
     * The frames after {@code clientSeq} for a RESUME, or empty when the session cannot serve it
     * (a sequence from the future, or older than what is kept: Discord's op 9 case).
     */
    Optional<List<String>> framesAfter(long clientSeq) {
        if (clientSeq < floor || clientSeq > seq) {
            return Optional.empty();
        }
        long oldest = sent.isEmpty() ? seq + 1 : sent.peekFirst().seq();
        if (clientSeq + 1 < oldest && clientSeq < seq) {
            return Optional.empty();
        }
        return Optional.of(sent.stream().filter(f -> f.seq() > clientSeq).map(Sent::text).toList());
    }

    /**
     * The dispatches this session was sent after {@code lastReadSeq} (and after its IDENTIFY
     * burst), oldest first: what its bot may never have read when its socket closed.
     */
    List<Unread> keptAfter(long lastReadSeq) {
        long after = Math.max(lastReadSeq, floor);
        List<Unread> out = new ArrayList<>();
        for (Sent f : sent) {
            if (f.seq() > after) {
                Unread u = unread(f);
                if (!u.type().equals("RESUMED")) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    private static Unread unread(Sent f) {
        // Frames read back from the store carry no type flag: the type says whether it is state.
        if (f.type() != null) {
            // frame(type, seq, data) is a fixed prefix, the data, then "}".
            int start = frame(f.type(), f.seq(), "").length() - 1;
            return new Unread(f.seq(), f.type(), f.text().substring(start, f.text().length() - 1), f.stateChange());
        }
        JsonNode frame = Jsons.read(f.text().getBytes(StandardCharsets.UTF_8));
        String type = frame.path("t").asText();
        return new Unread(f.seq(), type, Jsons.text(frame.path("d")),
                io.ultrareliability.keeper.state.StateStore.changesState(type));
    }

    /** Its bot read up to {@code readSeq}, or nobody needs its frames up to there again; true if that moved. */
    boolean confirm(long readSeq) {
        if (readSeq <= confirmed) {
            return false;
        }
        confirmed = readSeq;
        return true;
    }

    /**
     * For a session a restarted keeper restored whose bot did not RESUME: the dispatches after
     * its last confirmed sequence, oldest first, once (then nothing is left to hand over). Empty
     * for every other session.
     */
    boolean handOverPending() {
        return handOverPending;
    }

    List<Unread> takeHandOver() {
        if (!handOverPending) {
            return List.of();
        }
        handOverPending = false;
        List<Unread> out = confirmed >= seq ? List.of() : keptAfter(confirmed);
        confirmed = Math.max(confirmed, seq);
        return out;
    }

    void attach(DownstreamConnection c) {
        connection = requireNonNull(c, "c is null");
        // Its own bot came back: its replay ring serves it, nothing is handed to anyone else.
        handOverPending = false;
        detachedAt = null;
        // A RESUME onto a session whose burst was being written: the ring replays what was held.
        heldDuringBurst = null;
    }

    /** Detaches {@code c} if it is the current connection. */
    boolean detach(DownstreamConnection c, Instant now) {
        if (connection != c) {
            return false;
        }
        connection = null;
        detachedAt = now;
        heldDuringBurst = null;
        return true;
    }

    DownstreamConnection connection() {
        return connection;
    }

    boolean live() {
        return connection != null;
    }

    boolean expired(Instant now, Duration window) {
        return connection == null && detachedAt != null && !now.isBefore(detachedAt.plus(window));
    }

    long seq() {
        return seq;
    }

    long written() {
        return written;
    }

    static String frame(String type, long seq, String data) {
        return "{\"op\":0,\"t\":" + Jsons.quote(type) + ",\"s\":" + seq + ",\"d\":" + data + "}";
    }
}
