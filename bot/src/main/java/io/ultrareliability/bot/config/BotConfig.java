package io.ultrareliability.bot.config;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.common.token.TokenChain;
import io.ultrareliability.common.token.TokenException;
import io.ultrareliability.common.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.ultrareliability.bot.config.EnvValues.duration;
import static io.ultrareliability.bot.config.EnvValues.integer;
import static io.ultrareliability.bot.config.EnvValues.positive;
import static java.util.Objects.requireNonNull;

/**
 * Everything the bot reads from its environment and arguments, validated once at start.
 * Bad values raise {@link ConfigException} with a one-line message naming the variable.
 *
 * @param token empty means demo mode (only allowed when {@code apiBaseUrl} is empty too)
 * @param apiBaseUrl REST base such as {@code http://127.0.0.1:P/api/v10}; empty means Discord
 * @param identifyInterval minimum time between two IDENTIFYs (Discord: 5 s; a simulator: 0)
 * @param shardId with {@code shardCount}: -1/-1 when not sharded
 * @param aotTrain {@code --aot-train}: a short run against the embedded simulator that trains the
 *                 JDK's AOT cache; the token chain and the API base URL are never read
 * @param gatewayUrl {@code DISCORD_GATEWAY_URL}: a ws(s) URL the gateway connects to instead of the one
 *                   REST names (a gateway keeper); REST keeps going to {@code apiBaseUrl}. Empty: direct
 * @param guard control secret, IDENTIFY ledger directory and reserve (issue 13)
 */
public record BotConfig(Optional<Token> token, Optional<URI> apiBaseUrl, String healthHost, int healthPort,
                        Duration connectionTimeout, Duration reconnectDelay, Duration maxReconnectDelay,
                        int maxReconnectAttempts, Duration heartbeatTimeout, Duration stableAfter,
                        Duration summaryInterval, Duration identifyInterval, int shardId, int shardCount,
                        boolean supervised, boolean aotTrain, Optional<URI> gatewayUrl, GuardConfig guard) {
    public static final int DEFAULT_HEALTH_PORT = 8790;
    public static final String SUPERVISED = BotContract.ARG_SUPERVISED;
    public static final String AOT_TRAIN = BotContract.ARG_AOT_TRAIN;

    public BotConfig {
        requireNonNull(token, "token is null");
        requireNonNull(apiBaseUrl, "apiBaseUrl is null");
        requireNonNull(healthHost, "healthHost is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(reconnectDelay, "reconnectDelay is null");
        requireNonNull(maxReconnectDelay, "maxReconnectDelay is null");
        requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        requireNonNull(stableAfter, "stableAfter is null");
        requireNonNull(summaryInterval, "summaryInterval is null");
        requireNonNull(identifyInterval, "identifyInterval is null");
        requireNonNull(gatewayUrl, "gatewayUrl is null");
        requireNonNull(guard, "guard is null");
        if (aotTrain && (token.isPresent() || apiBaseUrl.isPresent() || gatewayUrl.isPresent())) {
            throw new IllegalArgumentException("an AOT training run has neither a token nor an API base URL");
        }
    }

    /** A gateway keeper holds the session: {@code gatewayUrl} is set. */
    public boolean keeperMode() {
        return gatewayUrl.isPresent();
    }

    /** No token and no API base URL: run against an embedded simulator. */
    public boolean demoMode() {
        return token.isEmpty() && apiBaseUrl.isEmpty();
    }

    public boolean sharded() {
        return shardCount > 0;
    }

    public static BotConfig from(Map<String, String> env, List<String> args) {
        requireNonNull(env, "env is null");
        requireNonNull(args, "args is null");
        boolean supervised = false;
        boolean aotTrain = false;
        for (String arg : args) {
            switch (arg) {
                case SUPERVISED -> supervised = true;
                case AOT_TRAIN -> aotTrain = true;
                default -> throw new ConfigException("unknown argument '" + arg + "' (known: " + SUPERVISED + ", "
                        + AOT_TRAIN + ")");
            }
        }
        // A training run happens while the live bot runs with the real token: it must not even
        // read the token (a bad token file cannot fail it) nor learn where Discord is.
        Optional<Token> token = aotTrain ? Optional.empty() : resolveToken(env);
        Optional<URI> base = aotTrain ? Optional.empty() : baseUrl(env.get(BotContract.DISCORD_API_BASE_URL));
        if (token.isEmpty() && base.isPresent()) {
            throw new ConfigException("DISCORD_API_BASE_URL is set but no token was found "
                    + "(set DISCORD_TOKEN, DISCORD_TOKEN_FILE or $CREDENTIALS_DIRECTORY/discord_token)");
        }
        Optional<URI> gateway = aotTrain ? Optional.empty() : GatewayUrls.parse(env.get("DISCORD_GATEWAY_URL"));
        if (token.isEmpty() && gateway.isPresent()) {
            throw new ConfigException("DISCORD_GATEWAY_URL is set but no token was found "
                    + "(set DISCORD_TOKEN, DISCORD_TOKEN_FILE or $CREDENTIALS_DIRECTORY/discord_token)");
        }
        String host = env.getOrDefault(BotContract.BOT_HEALTH_HOST, "127.0.0.1").strip();
        if (host.isEmpty()) {
            throw new ConfigException("BOT_HEALTH_HOST is empty");
        }
        // Training binds an ephemeral port so it never collides with the live bot's.
        int port = aotTrain ? 0 : integer(env, BotContract.BOT_HEALTH_PORT, DEFAULT_HEALTH_PORT, 0, 65_535);
        Duration connectionTimeout = positive(env, "DISCORD_CONNECTION_TIMEOUT", "30s");
        Duration reconnectDelay = positive(env, "DISCORD_RECONNECT_DELAY", "5s");
        Duration maxReconnectDelay = positive(env, "DISCORD_MAX_RECONNECT_DELAY", "60s");
        if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
            throw new ConfigException("DISCORD_MAX_RECONNECT_DELAY (" + Durations.format(maxReconnectDelay)
                    + ") is below DISCORD_RECONNECT_DELAY (" + Durations.format(reconnectDelay) + ")");
        }
        int attempts = integer(env, "DISCORD_MAX_RECONNECT_ATTEMPTS", 10, 1, 1_000_000);
        Duration heartbeatTimeout = positive(env, "DISCORD_HEARTBEAT_TIMEOUT", "60s");
        Duration stableAfter = positive(env, "DISCORD_STABLE_AFTER", "60s");
        Duration summary = positive(env, "DISCORD_SUMMARY_INTERVAL", "5m");
        Duration identify = duration(env, "DISCORD_IDENTIFY_INTERVAL",
                // a simulator or a keeper spends no Discord IDENTIFY: no need to space them
                base.isPresent() || gateway.isPresent() || token.isEmpty() ? "0s" : "5s");
        int shardId = integer(env, "DISCORD_SHARD_ID", -1, 0, 1_000_000);
        int shardCount = integer(env, "DISCORD_SHARD_COUNT", -1, 1, 1_000_000);
        if ((shardId < 0) != (shardCount < 0)) {
            throw new ConfigException("set both DISCORD_SHARD_ID and DISCORD_SHARD_COUNT, or neither");
        }
        if (shardCount > 0 && shardId >= shardCount) {
            throw new ConfigException("DISCORD_SHARD_ID (" + shardId + ") must be below DISCORD_SHARD_COUNT ("
                    + shardCount + ")");
        }
        return new BotConfig(token, base, host, port, connectionTimeout, reconnectDelay, maxReconnectDelay,
                attempts, heartbeatTimeout, stableAfter, summary, identify, shardId, shardCount, supervised,
                aotTrain, gateway, GuardConfig.from(env, aotTrain));
    }

    private static Optional<URI> baseUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new ConfigException("DISCORD_API_BASE_URL must start with http:// or https://, got '" + raw + "'");
        }
        try {
            URI uri = URI.create(s);
            if (uri.getHost() == null) {
                throw new ConfigException("DISCORD_API_BASE_URL has no host: '" + raw + "'");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DISCORD_API_BASE_URL is not a valid URL: '" + raw + "'");
        }
    }

    /** The chain lives in common (the keeper reads the same one); its errors are config errors here. */
    private static Optional<Token> resolveToken(Map<String, String> env) {
        try {
            return TokenChain.resolve(env);
        } catch (TokenException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
