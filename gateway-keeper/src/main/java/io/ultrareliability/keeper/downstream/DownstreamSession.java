package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.Jsons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * One bot session as the keeper serves it: its own id and sequence numbers (independent of
 * Discord's), the frames it was sent (for its RESUME) and the connection it is attached to.
 * Guarded by the hub's lock; nothing here is thread-safe on its own.
 */
final class DownstreamSession {
    private record Sent(long seq, String text) {
    }

    private final String id;
    private final int replayCapacity;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private long seq;
    private DownstreamConnection connection;
    private Instant detachedAt;
    private long written;

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
        seq++;
        String text = frame(type, seq, data);
        keep(seq, text);
        if (connection != null) {
            connection.enqueue(text);
            written++;
        }
        return text;
    }

    private void keep(long n, String text) {
        if (sent.size() == replayCapacity) {
            sent.removeFirst();
        }
        sent.addLast(new Sent(n, text));
    }

    /**
     * A session read back from the store after a keeper restart: detached since {@code now},
     * so it expires one resume window later unless its bot comes back.
     */
    static DownstreamSession restored(HubJournal.SessionImage image, int replayCapacity, Instant now) {
        DownstreamSession s = new DownstreamSession(image.id(), replayCapacity);
        for (HubJournal.SentFrame f : image.frames()) {
            s.keep(f.seq(), f.text());
            s.seq = Math.max(s.seq, f.seq());
        }
        s.detachedAt = now;
        return s;
    }

    /** For a full rewrite of the store. */
    HubJournal.SessionImage image() {
        return new HubJournal.SessionImage(id, sent.stream().map(f -> new HubJournal.SentFrame(f.seq(), f.text()))
                .toList());
    }

    /**
     * The frames after {@code clientSeq} for a RESUME, or empty when the session cannot serve it
     * (a sequence from the future, or older than what is kept: Discord's op 9 case).
     */
    Optional<List<String>> framesAfter(long clientSeq) {
        if (clientSeq < 0 || clientSeq > seq) {
            return Optional.empty();
        }
        long oldest = sent.isEmpty() ? seq + 1 : sent.peekFirst().seq();
        if (clientSeq + 1 < oldest && clientSeq < seq) {
            return Optional.empty();
        }
        return Optional.of(sent.stream().filter(f -> f.seq() > clientSeq).map(Sent::text).toList());
    }

    void attach(DownstreamConnection c) {
        connection = requireNonNull(c, "c is null");
        detachedAt = null;
    }

    /** Detaches {@code c} if it is the current connection. */
    boolean detach(DownstreamConnection c, Instant now) {
        if (connection != c) {
            return false;
        }
        connection = null;
        detachedAt = now;
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
