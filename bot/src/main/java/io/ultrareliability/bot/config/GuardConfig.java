package io.ultrareliability.bot.config;

import static io.ultrareliability.bot.config.EnvValues.duration;
import static io.ultrareliability.bot.config.EnvValues.integer;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Issue 13: what protects the bot's control route and its IDENTIFY budget.
 *
 * @param stateDir {@code BOT_STATE_DIR}: where the IDENTIFY ledger lives (the supervisor passes
 *                 its {@code run/}); empty: the ledger is kept in memory only
 * @param controlSecret {@code BOT_CONTROL_SECRET_FILE} (a 0600 file) or {@code BOT_CONTROL_SECRET}:
 *                      the bearer secret of {@code POST /reconnect}; empty: the route is refused
 * @param identifyReserve {@code DISCORD_IDENTIFY_RESERVE}: never IDENTIFY with this many or fewer
 *                        left; empty: 10 % of {@code session_start_limit.total}
 * @param reconnectMinInterval {@code BOT_RECONNECT_MIN_INTERVAL}: at most one forced reconnect per this
 * @param limitCacheTtl {@code DISCORD_SESSION_LIMIT_CACHE}: how long a read {@code session_start_limit} is reused
 */
public record GuardConfig(Optional<Path> stateDir, Optional<ControlSecret> controlSecret, OptionalInt identifyReserve,
                          Duration reconnectMinInterval, Duration limitCacheTtl) {
    public static final String STATE_DIR = "BOT_STATE_DIR";
    public static final String SECRET = "BOT_CONTROL_SECRET";
    public static final String SECRET_FILE = "BOT_CONTROL_SECRET_FILE";
    public static final String RESERVE = "DISCORD_IDENTIFY_RESERVE";
    public static final String RECONNECT_MIN_INTERVAL = "BOT_RECONNECT_MIN_INTERVAL";
    public static final String LIMIT_CACHE = "DISCORD_SESSION_LIMIT_CACHE";
    /** A secret shorter than this is guessable. */
    static final int MIN_SECRET_LENGTH = 16;

    public GuardConfig {
        requireNonNull(stateDir, "stateDir is null");
        requireNonNull(controlSecret, "controlSecret is null");
        requireNonNull(identifyReserve, "identifyReserve is null");
        requireNonNull(reconnectMinInterval, "reconnectMinInterval is null");
        requireNonNull(limitCacheTtl, "limitCacheTtl is null");
    }

    /** No state directory, no secret, the defaults: a bot nobody configured for issue 13. */
    public static GuardConfig defaults() {
        return new GuardConfig(Optional.empty(), Optional.empty(), OptionalInt.empty(), Duration.ofMinutes(1),
                Duration.ofSeconds(5));
    }

    /** The bearer secret; {@link #toString()} never shows it. */
    public static final class ControlSecret {
        private final byte[] value;
        private final String source;

        public ControlSecret(String value, String source) {
            requireNonNull(value, "value is null");
            this.source = requireNonNull(source, "source is null");
            String v = value.strip();
            if (v.length() < MIN_SECRET_LENGTH || v.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new ConfigException("the control secret from " + source + " must be at least "
                        + MIN_SECRET_LENGTH + " printable characters without spaces");
            }
            this.value = v.getBytes(StandardCharsets.US_ASCII);
        }

        /** Constant-time comparison with what a request presented. */
        public boolean matches(String presented) {
            if (presented == null) {
                return false;
            }
            return java.security.MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.US_ASCII));
        }

        public String source() {
            return source;
        }

        @Override
        public String toString() {
            return "ControlSecret[from " + source + ", redacted]";
        }
    }

    public static GuardConfig from(Map<String, String> env, boolean aotTrain) {
        requireNonNull(env, "env is null");
        if (aotTrain) {
            return defaults();
        }
        Optional<Path> stateDir = Optional.ofNullable(env.get(STATE_DIR)).map(String::strip).filter(s -> !s.isEmpty())
                .map(Path::of);
        Optional<ControlSecret> secret = secret(env);
        OptionalInt reserve = integer(env, RESERVE, 0, 1_000_000);
        return new GuardConfig(stateDir, secret, reserve, duration(env, RECONNECT_MIN_INTERVAL, "1m"),
                duration(env, LIMIT_CACHE, "5s"));
    }

    private static Optional<ControlSecret> secret(Map<String, String> env) {
        String file = env.get(SECRET_FILE);
        if (file != null && !file.isBlank()) {
            Path p = Path.of(file.strip());
            try {
                if (Files.size(p) > 4096) {
                    throw new ConfigException(SECRET_FILE + " (" + p + ") is over 4 KiB: not a secret file");
                }
                return Optional.of(new ControlSecret(Files.readString(p, StandardCharsets.US_ASCII),
                        SECRET_FILE + " (" + p + ")"));
            } catch (java.nio.file.NoSuchFileException e) {
                // not fatal: the bot still connects; only its control route stays closed
                org.slf4j.LoggerFactory.getLogger(GuardConfig.class).warn(
                        "{} ({}) does not exist: POST /reconnect is disabled", SECRET_FILE, p);
                return Optional.empty();
            } catch (IOException e) {
                throw new ConfigException("cannot read " + SECRET_FILE + " (" + p + "): " + e.getClass().getSimpleName());
            }
        }
        String raw = env.get(SECRET);
        if (raw != null && !raw.isBlank()) {
            return Optional.of(new ControlSecret(raw, SECRET));
        }
        return Optional.empty();
    }
}
