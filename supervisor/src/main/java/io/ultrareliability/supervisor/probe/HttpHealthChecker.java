package io.ultrareliability.supervisor.probe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.common.BotContract;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * GETs the child's /health ({@link HttpGet}: a plain socket, one deadline of {@code timeout}
 * for connect + answer, a body cap of {@link #MAX_BODY}); reads {@code last_heartbeat_ack}.
 * The blocking GET runs on {@code executor} (the supervisor's one "health-probe" thread).
 */
public final class HttpHealthChecker implements HealthChecker {
    /** A /health answer is a few hundred bytes; a bigger one is a failed probe, never buffered whole. */
    public static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpGet get;
    private final Duration timeout;
    private final Executor executor;

    public HttpHealthChecker(URI url, Duration timeout, Executor executor) {
        this(url, timeout, executor, MAX_BODY);
    }

    HttpHealthChecker(URI url, Duration timeout, Executor executor, int maxBody) {
        this.get = new HttpGet(requireNonNull(url, "url is null"), maxBody);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.executor = requireNonNull(executor, "executor is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    @Override
    public CompletionStage<HealthResult> check() {
        long start = System.nanoTime();
        try {
            return CompletableFuture.supplyAsync(() -> probe(start), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HealthResult.down(0, Duration.ZERO, "probe not run: shutting down"));
        }
    }

    private HealthResult probe(long start) {
        HttpGet.Answer resp;
        try {
            resp = get.fetch(start + timeout.toNanos());
        } catch (HttpGet.BadAnswerException e) {
            return HealthResult.down(e.status, latency(start), e.getMessage());
        } catch (HttpGet.DeadlineException e) {
            return HealthResult.down(0, latency(start), "timed out: " + e.getMessage() + ", timeout "
                    + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            return HealthResult.down(0, latency(start), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        Duration latency = latency(start);
        int code = resp.status();
        if (code / 100 != 2) {
            IdentifyBudget budget = identifyBudget(resp.body());
            return HealthResult.down(code, latency, budget != null && budget.waiting() && budget.reason() != null
                    ? "HTTP " + code + ": " + budget.reason() : "HTTP " + code).withIdentifyBudget(budget);
        }
        return HealthResult.up(code, latency, heartbeatAck(resp.body())).withIdentifyBudget(identifyBudget(resp.body()));
    }

    private static Duration latency(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
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
