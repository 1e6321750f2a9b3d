package io.ultrareliability.bot.connection;

import io.ultrareliability.common.ExponentialBackoff;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Limits of the connection overseer.
 *
 * @param connectionTimeout how long an instance may stay not CONNECTED (first connect or
 *        JDA's own resume) before it is thrown away
 * @param heartbeatTimeout no heartbeat ACK and no dispatch for this long while CONNECTED
 *        means the connection is stale
 * @param backoff delay before each fresh instance after a failure
 * @param maxAttempts failures in a row after which the process gives up (exit 75)
 * @param stableAfter connected this long in one stretch resets the failure count
 */
public record OverseerSettings(Duration connectionTimeout, Duration heartbeatTimeout, ExponentialBackoff backoff,
                               int maxAttempts, Duration stableAfter) {
    /** The reconnect jitter the bot uses: +-20 %. */
    public static final double RECONNECT_JITTER = 0.2;
    /** The reconnect delay doubles per failure. */
    public static final double RECONNECT_MULTIPLIER = 2.0;

    public OverseerSettings {
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(stableAfter, "stableAfter is null");
        requirePositive(connectionTimeout, "connectionTimeout");
        requirePositive(heartbeatTimeout, "heartbeatTimeout");
        requirePositive(backoff.initial(), "backoff initial delay");
        if (stableAfter.isNegative()) {
            throw new IllegalArgumentException("stableAfter is negative: " + stableAfter);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
