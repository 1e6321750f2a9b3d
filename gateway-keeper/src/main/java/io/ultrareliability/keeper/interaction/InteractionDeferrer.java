package io.ultrareliability.keeper.interaction;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the deferred acknowledgement ({@code POST {api}/interactions/{id}/{token}/callback},
 * type 5) for the bot. Interaction callbacks are authorised by the interaction token in the
 * path, so the bot token is not sent; the interaction token is never logged either.
 */
public final class InteractionDeferrer {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionDeferrer.class);
    private static final String BODY = "{\"type\":5}";

    private final HttpClient http;
    private final URI apiBase;
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong alreadyAcknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public InteractionDeferrer(HttpClient http, URI apiBase) {
        this.http = requireNonNull(http, "http is null");
        this.apiBase = requireNonNull(apiBase, "apiBase is null");
    }

    /** Fire and forget; the outcome is counted. */
    public void defer(InteractionDeferrals.Due due) {
        requireNonNull(due, "due is null");
        URI uri = URI.create(apiBase + "/interactions/" + due.id() + "/"
                + URLEncoder.encode(due.token(), StandardCharsets.UTF_8) + "/callback");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .header("User-Agent", "DiscordBot (https://github.com/ultra-reliability, 1) gateway-keeper")
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                LOG.warn("interaction {}: deferring failed: {}", due.id(), error.getClass().getSimpleName());
            } else {
                count(due.id(), response.statusCode(), response.body());
            }
        });
    }

    private void count(long id, int status, String body) {
        if (status / 100 == 2) {
            deferred.incrementAndGet();
            LOG.info("interaction {}: no bot read it in time, deferred on its behalf", id);
        } else if (status == 400 && body != null && body.contains("40060")) {
            // The bot acknowledged it after all (its heartbeat was late): nothing to do.
            alreadyAcknowledged.incrementAndGet();
        } else {
            failed.incrementAndGet();
            LOG.warn("interaction {}: deferring answered HTTP {}", id, status);
        }
    }

    public long deferred() {
        return deferred.get();
    }

    public long alreadyAcknowledged() {
        return alreadyAcknowledged.get();
    }

    public long failed() {
        return failed.get();
    }
}
