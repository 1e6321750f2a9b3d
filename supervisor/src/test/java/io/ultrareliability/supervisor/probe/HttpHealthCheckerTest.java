package io.ultrareliability.supervisor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1. */
class HttpHealthCheckerTest {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("{}");
    private final AtomicInteger delayMs = new AtomicInteger();
    private final AtomicInteger chunkedFlag = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", ex -> {
            try {
                Thread.sleep(delayMs.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), chunkedFlag.get() == 1 ? 0 : b.length); // 0: chunked
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HealthResult check(Duration timeout) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        return new HttpHealthChecker(url, timeout, Runnable::run).check().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void a200IsUpAndCarriesTheHeartbeatAck() throws Exception {
        body.set("{\"status\":\"healthy\",\"last_heartbeat_ack\":\"2026-11-23T10:00:00.5Z\"}");
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).isTrue();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.lastHeartbeatAck()).isEqualTo(Instant.parse("2026-11-23T10:00:00.5Z"));
        assertThat(r.error()).isNull();
    }

    @Test
    void a503IsDown() throws Exception {
        status.set(503);
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).isFalse();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.error()).isEqualTo("HTTP 503");
    }

    @Test
    void a503WaitingForTheIdentifyBudgetSaysSoAndCarriesTheBudget() throws Exception {
        status.set(503);
        body.set("{\"status\":\"unhealthy\",\"identify_budget\":{\"remaining\":5,\"total\":20,"
                + "\"reset_at\":\"2026-11-30T01:02:00Z\",\"ledger_24h\":15,\"waiting_until\":\"2026-11-30T01:02:00Z\"},"
                + "\"not_ready_reason\":\"waiting for the IDENTIFY budget: 5 of 20 left\"}");
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.waitingForIdentifyBudget()).isTrue();
        assertThat(r.identifyBudget()).isEqualTo(new IdentifyBudget(5, 20, Instant.parse("2026-11-30T01:02:00Z"), 15,
                Instant.parse("2026-11-30T01:02:00Z"), "waiting for the IDENTIFY budget: 5 of 20 left"));
        assertThat(r.error()).isEqualTo("HTTP 503: waiting for the IDENTIFY budget: 5 of 20 left");
    }

    @Test
    void aHealthyAnswerCarriesTheBudgetWithoutAWait() throws Exception {
        body.set("{\"identify_budget\":{\"remaining\":19,\"total\":20,\"reset_at\":null,\"ledger_24h\":1,"
                + "\"waiting_until\":null}}");
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).isTrue();
        assertThat(r.identifyBudget()).isEqualTo(new IdentifyBudget(19, 20, null, 1, null, null));
        assertThat(r.waitingForIdentifyBudget()).isFalse();
    }

    @Test
    void noAnswerWithinTheTimeoutIsDown() throws Exception {
        delayMs.set(1_000);
        HealthResult r = check(Duration.ofMillis(150));
        assertThat(r.ok()).isFalse();
        assertThat(r.statusCode()).isZero();
        assertThat(r.error()).startsWith("timed out").contains("150 ms");
    }

    @Test
    void aRefusedConnectionIsDown() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        HealthResult r = new HttpHealthChecker(URI.create("http://127.0.0.1:" + port + "/health"),
                Duration.ofSeconds(1), Runnable::run).check().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("Connect");
    }

    @Test
    void aNullMissingOrGarbledAckIsNull() {
        assertThat(HttpHealthChecker.heartbeatAck("{\"last_heartbeat_ack\":null}")).isNull();
        assertThat(HttpHealthChecker.heartbeatAck("{}")).isNull();
        assertThat(HttpHealthChecker.heartbeatAck("{\"last_heartbeat_ack\":\"yesterday\"}")).isNull();
        assertThat(HttpHealthChecker.heartbeatAck("not json")).isNull();
    }

    @Test
    void aBodyOverTheCapIsAFailedProbeWithAClearError() throws Exception {
        body.set("{\"status\":\"healthy\",\"pad\":\"" + "x".repeat(HttpHealthChecker.MAX_BODY) + "\"}");
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).isFalse();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.error()).contains("body over the 64 KiB cap").contains("Content-Length");
    }

    @Test
    void aChunkedBodyOverTheCapIsAFailedProbe() throws Exception {
        chunkedFlag.set(1);
        body.set("x".repeat(HttpHealthChecker.MAX_BODY + 1));
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("body over the 64 KiB cap").contains("chunked");
    }

    @Test
    void aChunkedBodyUpToTheCapIsRead() throws Exception {
        chunkedFlag.set(1);
        String pad = "x".repeat(HttpHealthChecker.MAX_BODY - 100);
        body.set("{\"last_heartbeat_ack\":\"2026-11-23T10:00:00Z\",\"pad\":\"" + pad + "\"}");
        HealthResult r = check(Duration.ofSeconds(2));
        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.lastHeartbeatAck()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }
}
