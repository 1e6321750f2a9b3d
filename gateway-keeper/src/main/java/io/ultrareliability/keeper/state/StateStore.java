package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the keeper knows of its shard: the upstream READY and one GUILD_CREATE-shaped snapshot
 * per guild, kept current by the state dispatches. An interface so a durable store (SQLite,
 * issue 16) can replace the in-memory one without touching the gateway code. Implementations
 * are called from the upstream thread for writes and from downstream threads for reads, so
 * they must be thread-safe.
 */
public interface StateStore {
    /** Whether dispatches of {@code type} change the state (GUILD_CREATE, CHANNEL_UPDATE...), not events. */
    static boolean changesState(String type) {
        return DispatchApplier.changesState(type);
    }

    /** A new upstream session: forget every guild, keep this READY. */
    void ready(ObjectNode readyData);

    /**
     * Applies one dispatch. Returns how it was understood: {@link Applied#STATE} changed (or
     * confirmed) a snapshot, {@link Applied#EVENT} is a known type that carries no state
     * (messages, interactions, typing...), {@link Applied#UNKNOWN} is a type this keeper does
     * not know: still forwarded, counted, never an error.
     */
    Applied apply(String type, JsonNode data);

    /** The upstream READY's {@code d} with the current guild list, or empty before READY. */
    Optional<ObjectNode> readyData();

    /**
     * Calls {@code sink} with one {@code d} per guild, as JSON text: a GUILD_CREATE body for an
     * available guild, a GUILD_DELETE {@code {id, unavailable: true}} body for an unavailable one.
     */
    default void forEachGuild(GuildSink sink) {
        for (GuildImage g : guildImages()) {
            sink.guild(g.type(), g.text());
        }
    }

    /**
     * Every guild as it is now, in {@link #forEachGuild} order, frozen: the text is built later
     * by {@link GuildImage#text()} without any lock, and later changes do not show in it.
     */
    List<GuildImage> guildImages();

    int guildCount();

    /** Approximate bytes held (entity text plus per-entry overhead), for /metrics. */
    long approximateBytes();

    /** How a dispatch type was understood. */
    enum Applied {
        STATE,
        EVENT,
        UNKNOWN
    }

    /** Receives synthesized guild dispatches in order. */
    interface GuildSink {
        void guild(String type, String data);
    }

    /** Convenience for tests: every guild body, in order. */
    default void forEachGuildCreate(Consumer<String> sink) {
        forEachGuild((type, data) -> {
            if (type.equals("GUILD_CREATE")) {
                sink.accept(data);
            }
        });
    }
}
