package io.ultrareliability.bot.health;

import io.ultrareliability.bot.config.GuardConfig;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Who may use a state-changing route ({@code POST /reconnect}): localhost is not a trust
 * boundary (any local process, and any web page through the browser, reaches 127.0.0.1), so a
 * caller needs the bearer secret the supervisor hands the bot, must name a loopback
 * {@code Host} (DNS rebinding), must not be a browser ({@code Origin}), and gets at most one
 * forced reconnect per {@code minInterval}. Pure: the time comes in as {@code nowMillis}.
 */
public final class ControlGuard {
    /** What a refused request is answered. */
    public record Refusal(int status, String error, long retryAfterSeconds) {
    }

    private final Optional<GuardConfig.ControlSecret> secret;
    private final long minIntervalMillis;
    private long lastGranted = Long.MIN_VALUE;

    public ControlGuard(Optional<GuardConfig.ControlSecret> secret, Duration minInterval) {
        this.secret = requireNonNull(secret, "secret is null");
        requireNonNull(minInterval, "minInterval is null");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval is negative: " + minInterval);
        }
        this.minIntervalMillis = minInterval.toMillis();
    }

    /** No secret: every control request is refused. */
    public static ControlGuard refuseAll() {
        return new ControlGuard(Optional.empty(), Duration.ofMinutes(1));
    }

    /** Checks everything but the rate limit; empty when the caller may go on. */
    public Optional<Refusal> authorize(InetAddress remote, String host, String origin, String authorization) {
        if (remote == null || !remote.isLoopbackAddress()) {
            return Optional.of(new Refusal(403, "control routes are allowed from loopback only", 0));
        }
        if (!loopbackHost(host)) {
            return Optional.of(new Refusal(403, "Host must be 127.0.0.1, [::1] or localhost", 0));
        }
        if (origin != null) {
            return Optional.of(new Refusal(403, "control routes are not for browsers (Origin is set)", 0));
        }
        if (secret.isEmpty()) {
            return Optional.of(new Refusal(403, "control routes are disabled: no control secret configured "
                    + "(BOT_CONTROL_SECRET_FILE or BOT_CONTROL_SECRET)", 0));
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (!secret.get().matches(presented)) {
            return Optional.of(new Refusal(401, "missing or wrong bearer secret", 0));
        }
        return Optional.empty();
    }

    /** Takes the one forced reconnect of the interval, or says when the next one is allowed. */
    public synchronized Optional<Refusal> rateLimit(long nowMillis) {
        if (lastGranted != Long.MIN_VALUE && nowMillis - lastGranted < minIntervalMillis) {
            long waitMs = minIntervalMillis - (nowMillis - lastGranted);
            return Optional.of(new Refusal(429, "at most one forced reconnect per " + minIntervalMillis + " ms",
                    Math.max(1, (waitMs + 999) / 1000)));
        }
        lastGranted = nowMillis;
        return Optional.empty();
    }

    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            String rest = h.substring(end + 1);
            return h.substring(1, end).equals("::1") && (rest.isEmpty() || port(rest));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !port(h.substring(colon))) {
            return false;
        }
        return name.equals("localhost") || name.equals("127.0.0.1");
    }

    private static boolean port(String colonPort) {
        return colonPort.length() > 1 && colonPort.length() <= 6 && colonPort.charAt(0) == ':'
                && colonPort.substring(1).chars().allMatch(Character::isDigit);
    }
}
