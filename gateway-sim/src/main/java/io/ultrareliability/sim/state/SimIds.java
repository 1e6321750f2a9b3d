package io.ultrareliability.sim.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stable snowflake ids, so tests and operators can name guilds and channels without asking.
 * Bot user (and application) of token k: {@code 100000000000000001 + k}. Guild i:
 * {@code (47684276640 + i) << 22} (200002352248258560, 200002352252452864, ...), chosen so
 * that Discord's shard formula {@code (guild_id >> 22) % shard_count} puts guild i on shard
 * {@code i % shard_count} for every shard count up to 16. Its text channel {@code #general} is
 * the guild id + 1, the {@code @everyone} role has the guild's id, and the simulated human user
 * is {@code 300000000000000001}. Everything else (messages, interactions, commands) gets a fresh
 * snowflake built from the current time like Discord's.
 */
public final class SimIds {
    public static final long FIRST_BOT_USER_ID = 100_000_000_000_000_001L;
    /** A multiple of lcm(1..16) = 720720, so guild i lands on shard i % n for n <= 16. */
    private static final long FIRST_GUILD_TIMESTAMP = 47_684_276_640L;
    public static final long FIRST_GUILD_ID = FIRST_GUILD_TIMESTAMP << 22;
    public static final long HUMAN_USER_ID = 300_000_000_000_000_001L;
    public static final String HUMAN_USER_NAME = "sim-user";
    public static final String TEXT_CHANNEL_NAME = "general";

    /** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds. */
    private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private final AtomicLong increment = new AtomicLong();

    public static long botUserId(int tokenIndex) {
        return FIRST_BOT_USER_ID + tokenIndex;
    }

    public static long applicationId(int tokenIndex) {
        return botUserId(tokenIndex);
    }

    public static long guildId(int guildIndex) {
        return (FIRST_GUILD_TIMESTAMP + guildIndex) << 22;
    }

    public static long textChannelId(int guildIndex) {
        return guildId(guildIndex) + 1;
    }

    /** Index of the guild whose text channel has this id, or -1. */
    public static int guildIndexOfChannel(long channelId, int guilds) {
        for (int i = 0; i < guilds; i++) {
            if (textChannelId(i) == channelId) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the guild with this id, or -1. */
    public static int guildIndexOf(long guildId, int guilds) {
        for (int i = 0; i < guilds; i++) {
            if (guildId(i) == guildId) {
                return i;
            }
        }
        return -1;
    }

    /** A new unique snowflake: Discord timestamp in the upper bits, a counter below. */
    public long next(Instant now) {
        long ms = Math.max(0, now.toEpochMilli() - DISCORD_EPOCH_MS);
        return (ms << 22) | (increment.getAndIncrement() & 0x3F_FFFFL);
    }
}
