package io.ultrareliability.sim.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpFields;

/**
 * Discord's rate-limit headers. JDA reads {@code Retry-After} as whole seconds and takes a 429
 * without {@code Via} for a Cloudflare ban, so both are always sent on 429.
 */
public final class RateLimitHeaders {
    static final int LIMIT = 5;

    private RateLimitHeaders() {
    }

    /** Headers of a normal answer: plenty of room left in the route's bucket. */
    static void ok(HttpFields.Mutable headers, String routeTemplate, Instant now) {
        headers.put("X-RateLimit-Limit", Integer.toString(LIMIT));
        headers.put("X-RateLimit-Remaining", Integer.toString(LIMIT - 1));
        headers.put("X-RateLimit-Reset", seconds(Duration.ofMillis(now.toEpochMilli()).plusSeconds(1)));
        headers.put("X-RateLimit-Reset-After", "1.000");
        headers.put("X-RateLimit-Bucket", bucket(routeTemplate));
    }

    /** Headers of a 429: {@code Retry-After} is the remaining time rounded up to whole seconds. */
    static void limited(HttpFields.Mutable headers, String routeTemplate, Duration remaining, Instant now) {
        headers.put("Retry-After", Long.toString(retryAfterSeconds(remaining)));
        headers.put("X-RateLimit-Limit", Integer.toString(LIMIT));
        headers.put("X-RateLimit-Remaining", "0");
        headers.put("X-RateLimit-Reset", seconds(Duration.ofMillis(now.toEpochMilli()).plus(remaining)));
        headers.put("X-RateLimit-Reset-After", seconds(remaining));
        headers.put("X-RateLimit-Bucket", bucket(routeTemplate));
        headers.put("X-RateLimit-Scope", "user");
        headers.put("Via", "1.1 google");
    }

    public static long retryAfterSeconds(Duration remaining) {
        long ms = Math.max(0, remaining.toMillis());
        return Math.max(1, (ms + 999) / 1000);
    }

    /** Seconds with three decimals, as Discord writes them. */
    public static String seconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return String.format(java.util.Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }

    static String bucket(String routeTemplate) {
        return HexFormat.of().toHexDigits(routeTemplate.hashCode());
    }
}
