package io.ultrareliability.supervisor.probe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.common.BotContract;
import java.net.URI;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** GETs the child's /health with the JDK HttpClient; reads {@code last_heartbeat_ack}. */
public final class HttpHealthChecker implements HealthChecker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final HttpRequest request;

    public HttpHealthChecker(URI url, Duration timeout, Executor executor) {
        requireNonNull(url, "url is null");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).sslContext(plainHttpOnly())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        this.request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    }

    /**
     * The probe speaks plain http:// only (the config rejects other schemes). An explicit
     * context without trust material keeps HttpClient from loading the default one and the
     * JDK's CA certificates: megabytes of the supervisor's RSS for nothing.
     */
    private static SSLContext plainHttpOnly() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[0], new TrustManager[0], null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }

    @Override
    public CompletionStage<HealthResult> check() {
        long start = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                String msg = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                return HealthResult.down(0, latency, msg);
            }
            int code = resp.statusCode();
            if (code / 100 != 2) {
                IdentifyBudget budget = identifyBudget(resp.body());
                return HealthResult.down(code, latency, budget != null && budget.waiting() && budget.reason() != null
                        ? "HTTP " + code + ": " + budget.reason() : "HTTP " + code).withIdentifyBudget(budget);
            }
            return HealthResult.up(code, latency, heartbeatAck(resp.body())).withIdentifyBudget(identifyBudget(resp.body()));
        });
    }

    /** The child's identify_budget, or null when absent or unreadable. */
    static IdentifyBudget identifyBudget(String body) {
        try {
            return IdentifyBudget.from(JSON.readTree(body));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    /** The ack time from the body, or null when absent, null or unreadable. */
    static Instant heartbeatAck(String body) {
        try {
            JsonNode ack = JSON.readTree(body).path(BotContract.HEALTH_LAST_HEARTBEAT_ACK);
            return ack.isTextual() ? Instant.parse(ack.asText()) : null;
        } catch (com.fasterxml.jackson.core.JacksonException | DateTimeParseException e) {
            return null;
        }
    }
}
