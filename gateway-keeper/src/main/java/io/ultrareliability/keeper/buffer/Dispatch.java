package io.ultrareliability.keeper.buffer;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One upstream dispatch as the keeper forwards it: its type, its {@code d} already serialised
 * (done once, shared by every downstream session and the buffer) and when it arrived.
 *
 * @param type the {@code t} field, e.g. {@code MESSAGE_CREATE}
 * @param data the {@code d} field as JSON text
 * @param upstreamSeq Discord's {@code s} (diagnostics only: downstream sessions number their own)
 * @param receivedAt when the keeper read it
 * @param stateChange the state applied it (GUILD_CREATE, CHANNEL_UPDATE...): a bot that
 *        IDENTIFYs already has its effect in the GUILD_CREATEs, so it is skipped for it and
 *        delivered only on RESUME (where the bot's cache is the old one)
 */
public record Dispatch(String type, String data, long upstreamSeq, Instant receivedAt, boolean stateChange) {
    /** Fixed overhead counted per buffered dispatch on top of its text (object headers, fields). */
    static final int OVERHEAD_BYTES = 64;

    public Dispatch {
        requireNonNull(type, "type is null");
        requireNonNull(data, "data is null");
        requireNonNull(receivedAt, "receivedAt is null");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type is empty");
        }
    }

    /** What the buffer charges for it: the text (Latin-1 strings take a byte a char) plus overhead. */
    public long bytes() {
        return (long) type.length() + data.length() + OVERHEAD_BYTES;
    }
}
