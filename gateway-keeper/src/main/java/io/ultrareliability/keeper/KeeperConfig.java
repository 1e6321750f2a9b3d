package io.ultrareliability.keeper;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.common.token.TokenChain;
import io.ultrareliability.common.token.TokenException;
import io.ultrareliability.keeper.buffer.BufferLimits;
import io.ultrareliability.keeper.upstream.ShardSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The keeper's settings, all from the environment (the token through the bot's chain). Every
 * bad value is a {@link KeeperConfigException} with one line naming the variable.
 */
public record KeeperConfig(Token token, URI apiBaseUrl, ShardSpec shard, long intents, int port, Path runDir,
        Duration heartbeatInterval, Duration resumeWindow, int replayCapacity, BufferLimits buffer,
        int maxConnections, int identifyReserve, Duration interactionDeferAfter) {
    public static final URI DISCORD_API = URI.create("https://discord.com/api/v10");
    public static final int DEFAULT_PORT = 8792; // 8790 is the bot's health port, 8791 the supervisor's web
    /** GUILDS | GUILD_MESSAGES: the state needs GUILDS; the bot reads messages. */
    public static final long DEFAULT_INTENTS = 1 | (1 << 9);

    public KeeperConfig {
        requireNonNull(token, "token is null");
        requireNonNull(apiBaseUrl, "apiBaseUrl is null");
        requireNonNull(shard, "shard is null");
        requireNonNull(runDir, "runDir is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(resumeWindow, "resumeWindow is null");
        requireNonNull(buffer, "buffer is null");
        requireNonNull(interactionDeferAfter, "interactionDeferAfter is null");
    }

    public static KeeperConfig fromEnv(Map<String, String> env) {
        requireNonNull(env, "env is null");
        Token token;
        try {
            token = TokenChain.resolve(env).orElseThrow(() -> new KeeperConfigException(
                    "no Discord token: set DISCORD_TOKEN, DISCORD_TOKEN_FILE or $CREDENTIALS_DIRECTORY/discord_token"));
        } catch (TokenException e) {
            throw new KeeperConfigException(e.getMessage());
        }
        URI api = url(env.getOrDefault("DISCORD_API_BASE_URL", DISCORD_API.toString()));
        int shardCount = integer(env, "DISCORD_SHARD_COUNT", 1, 1, 65_536);
        int shardId = integer(env, "DISCORD_SHARD_ID", 0, 0, shardCount - 1);
        long intents = integer(env, "DISCORD_INTENTS", (int) DEFAULT_INTENTS, 0, (1 << 26) - 1);
        int port = integer(env, "KEEPER_PORT", DEFAULT_PORT, 0, 65_535);
        Path home = Path.of(env.getOrDefault("ULTRA_HOME", ".").strip());
        // 1 s: a bot's heartbeat tells the keeper which interactions it read; with the 2 s defer
        // bound below, a healthy bot confirms in time (issue 17).
        Duration heartbeat = duration(env, "KEEPER_HEARTBEAT_INTERVAL", "1s", Duration.ofMillis(100));
        Duration deferAfter = duration(env, "KEEPER_INTERACTION_DEFER_AFTER", "2s", Duration.ofMillis(100));
        if (deferAfter.compareTo(Duration.ofMillis(2500)) > 0) {
            // Discord's deadline is 3 s from its dispatch; the callback needs the rest.
            throw new KeeperConfigException("KEEPER_INTERACTION_DEFER_AFTER must be at most 2.5s, got "
                    + env.get("KEEPER_INTERACTION_DEFER_AFTER").strip());
        }
        Duration resumeWindow = duration(env, "KEEPER_RESUME_WINDOW", "5m", Duration.ofSeconds(1));
        int replay = integer(env, "KEEPER_SESSION_REPLAY", 10_000, 1, 1_000_000);
        BufferLimits buffer;
        try {
            buffer = new BufferLimits(integer(env, "KEEPER_BUFFER_MAX_EVENTS", 10_000, 1, 10_000_000),
                    bytes(env, "KEEPER_BUFFER_MAX_BYTES", "64MiB"),
                    duration(env, "KEEPER_BUFFER_MAX_AGE", "15m", Duration.ofSeconds(1)));
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException("keeper buffer: " + e.getMessage());
        }
        int maxConnections = integer(env, "KEEPER_MAX_CONNECTIONS", 64, 2, 10_000);
        int reserve = integer(env, "KEEPER_IDENTIFY_RESERVE", 10, 0, 1000);
        return new KeeperConfig(token, api, new ShardSpec(shardId, shardCount), intents, port, home.resolve("run"),
                heartbeat, resumeWindow, replay, buffer, maxConnections, reserve, deferAfter);
    }

    private static URI url(String text) {
        String t = text.strip();
        if (!t.startsWith("http://") && !t.startsWith("https://")) {
            throw new KeeperConfigException("DISCORD_API_BASE_URL must start with http:// or https://, got '" + t + "'");
        }
        try {
            return URI.create(t.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException("DISCORD_API_BASE_URL is not a URL: '" + t + "'");
        }
    }

    private static int integer(Map<String, String> env, String key, int fallback, int min, int max) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new KeeperConfigException(key + " must be " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new KeeperConfigException(key + " must be a whole number, got '" + v.strip() + "'");
        }
    }

    private static Duration duration(Map<String, String> env, String key, String fallback, Duration min) {
        String v = env.getOrDefault(key, fallback);
        try {
            Duration d = Durations.parse(v.strip());
            if (d.compareTo(min) < 0) {
                throw new KeeperConfigException(key + " must be at least " + Durations.format(min) + ", got " + v);
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException(key + ": " + e.getMessage());
        }
    }

    private static long bytes(Map<String, String> env, String key, String fallback) {
        String v = env.getOrDefault(key, fallback);
        try {
            return ByteSizes.parse(v.strip());
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException(key + ": " + e.getMessage());
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "KeeperConfig[api=" + apiBaseUrl + ", shard=[" + shard.id() + "," + shard.count() + "], intents="
                + intents + ", port=" + port + ", run=" + runDir + ", heartbeat=" + Durations.format(heartbeatInterval)
                + ", buffer=" + buffer + ", token from " + token.source() + "]";
    }
}
