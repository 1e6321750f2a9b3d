package io.ultrareliability.sim.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.state.Json;
import java.util.Optional;
import java.util.regex.Pattern;

/** A REST request reduced to its method and path segments (after {@code /api/v10/}). */
record RestCall(String method, String[] segments) {
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

    RestCall {
        requireNonNull(method, "method is null");
        requireNonNull(segments, "segments is null");
    }

    RestCall(String method, String path) {
        this(method, path.isEmpty() ? new String[0] : stripQuery(path).split("/", -1));
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Same segment count and every non-{@code *} segment equal. */
    boolean matches(String... pattern) {
        if (pattern.length != segments.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    boolean is(String expectedMethod, String... pattern) {
        return method.equals(expectedMethod) && matches(pattern);
    }

    /** The segment as a snowflake, or -1 when it is not one. */
    long longSegment(int index) {
        String s = segments[index];
        if (!SNOWFLAKE.matcher(s).matches()) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The route with ids replaced by placeholders (used for the rate-limit bucket). */
    String template() {
        StringBuilder sb = new StringBuilder(method);
        for (String s : segments) {
            sb.append('/').append(SNOWFLAKE.matcher(s).matches() ? "{id}" : s);
        }
        return sb.toString();
    }

    static Optional<JsonNode> parseBody(String text) {
        try {
            return Optional.ofNullable(Json.parse(text)).filter(n -> !n.isMissingNode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
