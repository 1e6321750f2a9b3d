package io.ultrareliability.common.gateway;

import java.util.Map;

/**
 * What the bot does when the gateway closes with a given code: a table, not a tree of ifs.
 *
 * <p>Fatal codes mean that reconnecting with the same configuration can never work (bad
 * token, bad shard, bad intents, unsupported API version): the process exits 78 with a
 * one-line reason so the supervisor stops restarting it in a loop. Every other code, known
 * or not, is worth another try. 4012 is not in JDA's own enum (JDA would keep reconnecting),
 * so the bot reads it from the raw close frame and applies this table itself.
 *
 * <p>Shared by the bot and the gateway keeper. {@link #mayResume} adds Discord's second rule:
 * after 4001, 4003, 4005, 4007 and 4009 a RESUME is refused, so a client that holds its own
 * session (the keeper) must IDENTIFY instead of trying.
 */
public final class CloseCodePolicy {
    /** Verdict for one close code. */
    public record Verdict(boolean fatal, String meaning) {
    }

    private static final Map<Integer, Verdict> TABLE = Map.ofEntries(
            Map.entry(1000, reconnect("normal closure")),
            Map.entry(1001, reconnect("going away")),
            Map.entry(1006, reconnect("connection dropped without a close frame")),
            Map.entry(4000, reconnect("unknown error")),
            Map.entry(4001, reconnect("unknown opcode")),
            Map.entry(4002, reconnect("decode error")),
            Map.entry(4003, reconnect("not authenticated")),
            Map.entry(4004, fatal("authentication failed: the token is invalid or was revoked (close 4004)")),
            Map.entry(4005, reconnect("already authenticated")),
            Map.entry(4007, reconnect("invalid sequence number on resume")),
            Map.entry(4008, reconnect("gateway rate limited")),
            Map.entry(4009, reconnect("session timed out")),
            Map.entry(4010, fatal("invalid shard: check DISCORD_SHARD_ID and DISCORD_SHARD_COUNT (close 4010)")),
            Map.entry(4011, fatal("sharding required: set DISCORD_SHARD_COUNT (close 4011)")),
            Map.entry(4012, fatal("invalid gateway API version (close 4012)")),
            Map.entry(4013, fatal("invalid intents (close 4013)")),
            Map.entry(4014, fatal("disallowed intents: enable them in the developer portal or drop them (close 4014)")),
            Map.entry(4900, reconnect("closed by the client to reconnect")));

    private CloseCodePolicy() {
    }

    private static Verdict reconnect(String meaning) {
        return new Verdict(false, meaning);
    }

    private static Verdict fatal(String meaning) {
        return new Verdict(true, meaning);
    }

    public static Verdict verdict(int closeCode) {
        Verdict known = TABLE.get(closeCode);
        return known != null ? known : reconnect("unknown close code " + closeCode);
    }

    public static boolean isFatal(int closeCode) {
        return verdict(closeCode).fatal();
    }

    /** Discord: "reconnect, do not resume" after these; every other non-fatal code may resume. */
    public static boolean mayResume(int closeCode) {
        return switch (closeCode) {
            case 4001, 4003, 4005, 4007, 4009 -> false;
            default -> !isFatal(closeCode);
        };
    }
}
