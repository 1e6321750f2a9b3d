package io.ultrareliability.bot.identify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.common.identify.SessionStartLimit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads {@code session_start_limit} from {@code GET /gateway/bot}. Error messages name the URL
 * and the HTTP status, never the token.
 */
public final class SessionStartLimitClient implements IdentifyGovernor.LimitSource {
    public static final String DISCORD_API = "https://discord.com/api/v10";
    /** A body larger than this is not Discord's answer. */
    private static final int MAX_BODY = 64 * 1024;

    private final URI uri;
    private final Token token;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public SessionStartLimitClient(Optional<URI> apiBaseUrl, Token token, Duration timeout) {
        requireNonNull(apiBaseUrl, "apiBaseUrl is null");
        this.token = requireNonNull(token, "token is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.uri = URI.create(apiBaseUrl.map(URI::toString).orElse(DISCORD_API) + "/gateway/bot");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public SessionStartLimit read(Instant now) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bot " + token.reveal()).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        } catch (IOException e) {
            throw new IOException("GET " + uri + " failed: " + e.getClass().getSimpleName(), null);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BODY) {
            throw new IOException("GET " + uri + " answered " + response.body().length + " bytes");
        }
        return parse(json.readTree(response.body()), now, uri);
    }

    static SessionStartLimit parse(JsonNode body, Instant now, URI from) throws IOException {
        JsonNode l = body.path("session_start_limit");
        if (!l.path("total").canConvertToInt() || !l.path("remaining").canConvertToInt()
                || !l.path("reset_after").canConvertToLong() || !l.path("total").isIntegralNumber()) {
            throw new IOException("GET " + from + " gave no usable session_start_limit");
        }
        int concurrency = l.path("max_concurrency").isIntegralNumber() ? l.path("max_concurrency").asInt() : 1;
        try {
            return new SessionStartLimit(l.path("total").asInt(), l.path("remaining").asInt(),
                    Duration.ofMillis(l.path("reset_after").asLong()), Math.max(1, concurrency), now);
        } catch (IllegalArgumentException e) {
            throw new IOException("GET " + from + " gave an invalid session_start_limit: " + e.getMessage());
        }
    }
}
