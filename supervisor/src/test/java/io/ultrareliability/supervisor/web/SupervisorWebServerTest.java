package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SupervisorWebServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shaped like a Discord bot token (never a real one). */
    private static final String FAKE_DISCORD_TOKEN = "ZTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

    @TempDir
    Path home;

    private FakeControl control;
    private SupervisorMetrics metrics;
    private ControlToken token;
    private ManualScheduler scheduler;
    private SupervisorWebServer server;
    private Http http;

    @BeforeEach
    void start() {
        control = new FakeControl();
        metrics = new SupervisorMetrics();
        token = ControlToken.loadOrCreate(home.resolve("run"));
        scheduler = new ManualScheduler(Instant.parse("2026-11-23T14:00:00Z"));
        server = SupervisorWebServer.builder(control, metrics, token, home.resolve("run"))
                .config(WebServerConfig.defaults().withPort(0))
                .scheduler(scheduler)
                .clock(scheduler)
                .start();
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(r.body());
    }

    private String bearer() {
        return "Bearer " + token.value();
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPortAndWritesWebPort() throws Exception {
        assertThat(server.port()).isPositive();
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        String portFile = Files.readString(home.resolve("run/web.port"));
        assertThat(portFile).contains("port=" + server.port() + "\n").contains("host=127.0.0.1\n")
                .contains("pid=" + ProcessHandle.current().pid() + "\n");
        server.close();
        assertThat(home.resolve("run/web.port")).doesNotExist();
        server.close(); // idempotent
    }

    @Test
    void healthIs200WhenTheChildRunsAndIsHealthy() throws Exception {
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("child").path("pid").asLong()).isEqualTo(4242);
        assertThat(body.path("child").path("state").asText()).isEqualTo("running");
        assertThat(body.path("supervisor").path("pid").asLong()).isEqualTo(1111);
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-11-23T14:00:00Z");
    }

    @Test
    void healthIs503WhenTheSupervisorNoLongerSupervisesThoughTheChildIsHealthy() throws Exception {
        assertThat(json(http.get("/health")).path("supervisor").path("supervising").asBoolean()).isTrue();
        control.supervisionProblem = "not supervising: status writer stuck for 20001 ms (deadline 20000 ms)";
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("unhealthy");
        assertThat(body.path("child").path("healthy").asBoolean()).isTrue();
        assertThat(body.path("supervisor").path("supervising").asBoolean()).isFalse();
        assertThat(body.path("supervisor").path("problem").asText()).isEqualTo(control.supervisionProblem);
    }

    @Test
    void everyRouteRefusesABodyOverTheCapWith413() throws Exception {
        for (String path : List.of("/health", "/restart")) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
                s.setSoTimeout(10_000);
                String method = path.equals("/health") ? "GET" : "POST";
                s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                        + (WebLimits.MAX_BODY_BYTES + 1) + "\r\n\r\n").getBytes());
                String answer = new String(s.getInputStream().readNBytes(12));
                assertThat(answer).as(path).isEqualTo("HTTP/1.1 413");
            }
        }
        assertThat(control.restartReasons).as("nothing restarted").isEmpty();
    }

    @Test
    void healthIs503WhenTheProbeFails() throws Exception {
        control.health(false, 2000);
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("status").asText()).isEqualTo("unhealthy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"starting", "backoff", "fatal", "stopped", "stopping", "unhealthy"})
    void healthIs503WhenTheChildIsNotRunning(String state) throws Exception {
        control.state(state);
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("child").path("state").asText()).isEqualTo(state);
    }

    @Test
    void statusIsTheSnapshotPlusTheHttpPort() throws Exception {
        HttpResponse<String> r = http.get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode s = json(r);
        assertThat(s.path("schema").asInt()).isEqualTo(2);
        assertThat(s.path("supervisor").path("pid").asLong()).isEqualTo(1111);
        assertThat(s.path("supervisor").path("http_port").asInt()).isEqualTo(server.port());
        assertThat(s.path("child").path("memory").path("rss_bytes").asLong()).isEqualTo(120L * 1024 * 1024);
        assertThat(s.path("child").path("health").path("latency_ms").asLong()).isEqualTo(3);
        assertThat(s.path("backoff").path("next_delay_ms").asLong()).isZero();
        assertThat(s.path("crash_loop").asBoolean()).isFalse();
        assertThat(s.path("restart_history").isArray()).isTrue();
    }

    @Test
    void noAnswerEverCarriesADiscordTokenOrTheControlToken() throws Exception {
        control.fatalReason("connected with " + FAKE_DISCORD_TOKEN + " and " + token.value())
                .lastOutput(List.of("Authorization: Bot whatever-it-is", "LANG=C.UTF-8"));
        control.logLines(List.of("login with token " + FAKE_DISCORD_TOKEN, "Authorization: Bot abcdefghijklmnop", "ready"));
        for (String path : List.of("/status", "/health", "/api/logs", "/api/history", "/metrics", "/")) {
            String body = http.get(path).body();
            assertThat(body).as(path).doesNotContain(FAKE_DISCORD_TOKEN).doesNotContain(token.value())
                    .doesNotContain("whatever-it-is").doesNotContain("abcdefghijklmnop");
        }
        JsonNode s = json(http.get("/status"));
        assertThat(s.path("child").path("fatal_reason").asText()).isEqualTo("connected with [redacted] and [redacted]");
        assertThat(s.path("child").path("last_output").get(1).asText()).isEqualTo("LANG=C.UTF-8");
        assertThat(json(http.get("/api/logs")).path("lines").get(2).asText()).isEqualTo("ready");
    }

    @Test
    void secretsInTheCoresExceptionsReachNeitherTheLogNorTheAnswer() throws Exception {
        String secretText = "token " + FAKE_DISCORD_TOKEN + " / " + token.value();
        try (LogCapture router = new LogCapture(Router.class);
                LogCapture endpoints = new LogCapture(ControlEndpoints.class);
                LogCapture status = new LogCapture(StatusEndpoints.class)) {
            control.refuseActionsWith(new IllegalStateException("cannot restart with " + secretText));
            HttpResponse<String> refused = http.post("/restart", bearer());
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(json(refused).path("error").asText()).isEqualTo("cannot restart with token [redacted] / [redacted]");

            control.failWith(new IllegalStateException("broken: " + secretText, new RuntimeException(secretText)));
            assertThat(http.get("/status").statusCode()).isEqualTo(500);
            assertThat(http.get("/metrics").statusCode()).isEqualTo(200);

            List<String> logged = new java.util.ArrayList<>();
            for (LogCapture c : List.of(router, endpoints, status)) {
                c.lines().forEach(l -> logged.add(l.message()));
                c.thrown().forEach(t -> {
                    java.io.StringWriter w = new java.io.StringWriter();
                    t.printStackTrace(new java.io.PrintWriter(w));
                    logged.add(w.toString());
                });
            }
            assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(FAKE_DISCORD_TOKEN) || l.contains(token.value()));
            assertThat(String.join("\n", logged)).contains("java.lang.IllegalStateException: broken: token [redacted]")
                    .contains("Caused by:").contains("SupervisorWebServerTest");
        }
    }

    @Test
    void metricsAreServedInTheTextFormat() {
        metrics.recordRestart("memory");
        metrics.childUp(true);
        HttpResponse<String> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(SupervisorMetrics.contentType());
        assertThat(SupervisorMetricsTest.series(r.body()))
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"memory\"}", 1.0)
                .containsEntry("ultra_reliability_child_up", 1.0);
    }

    @Test
    void metricsGaugesAreRefreshedFromTheStatusAtEachScrape() {
        control.rss(777_000);
        assertThat(SupervisorMetricsTest.series(http.get("/metrics").body()))
                .containsEntry("ultra_reliability_child_up", 1.0)
                .containsEntry("ultra_reliability_child_pid", 4242.0)
                .containsEntry("ultra_reliability_child_rss_bytes", 777_000.0);
        control.state("fatal");
        assertThat(SupervisorMetricsTest.series(http.get("/metrics").body()))
                .containsEntry("ultra_reliability_child_up", 0.0);
        // A broken status does not break /metrics: the last values are served.
        control.failWith(new IllegalStateException("no status"));
        HttpResponse<String> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(SupervisorMetricsTest.series(r.body())).containsEntry("ultra_reliability_child_up", 0.0);
    }

    @Test
    void logsReturnTheLastLinesClamped() throws Exception {
        control.logLines(List.of("one", "two", "three"));
        assertThat(json(http.get("/api/logs?lines=2")).path("lines").toString()).isEqualTo("[\"two\",\"three\"]");
        assertThat(json(http.get("/api/logs")).path("lines")).hasSize(3);
        assertThat(json(http.get("/api/logs?lines=0")).path("lines").toString()).isEqualTo("[\"three\"]");
        assertThat(http.get("/api/logs?lines=abc").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/restart", "/stop-child", "/start-child"})
    void controlWithoutATokenIs401AndDoesNothing(String path) throws Exception {
        try (LogCapture log = new LogCapture(ControlEndpoints.class)) {
            HttpResponse<String> r = http.post(path, null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ultra-reliability\"");
            assertThat(json(r).path("error").asText()).contains("bearer token");
            assertThat(log.lines()).anySatisfy(l -> {
                assertThat(l.level()).isEqualTo(Level.WARN);
                assertThat(l.message()).contains("refused POST " + path + " from 127.0.0.1:").contains("no Authorization header");
            });
        }
        assertNothingHappened();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/restart", "/stop-child", "/start-child"})
    void controlWithAWrongTokenIs401AndDoesNothing(String path) throws Exception {
        String wrong = token.value().substring(0, 42) + (token.value().endsWith("A") ? "B" : "A");
        try (LogCapture log = new LogCapture(ControlEndpoints.class)) {
            for (String auth : List.of("Bearer " + wrong, "Bearer ", "Basic " + token.value(), token.value(),
                    "Bearer " + token.value() + "x")) {
                assertThat(http.post(path, auth).statusCode()).as(auth.length() + " chars").isEqualTo(401);
            }
            // Rate-limited (RefusalLog): one WARN for the five refusals within 10 s.
            assertThat(log.lines()).hasSize(1).allSatisfy(l -> {
                assertThat(l.level()).isEqualTo(Level.WARN);
                assertThat(l.message()).contains("from 127.0.0.1:").doesNotContain(wrong).doesNotContain(token.value());
            });
        }
        assertNothingHappened();
        assertThat(SupervisorMetricsTest.series(metrics.scrape()))
                .containsEntry("ultra_reliability_web_unauthorized_requests_total", 5.0);
    }

    private void assertNothingHappened() {
        assertThat(control.restartReasons).isEmpty();
        assertThat(control.stops).hasValue(0);
        assertThat(control.starts).hasValue(0);
    }

    @Test
    void restartWithTheTokenRestartsOnceWithReasonManual() throws Exception {
        HttpResponse<String> r = http.post("/restart", bearer());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).path("action").asText()).isEqualTo("restart");
        assertThat(control.restartReasons).containsExactly("manual");
        assertThat(control.stops).hasValue(0);
        assertThat(control.starts).hasValue(0);
        // lower-case scheme is fine too (RFC 9110: the scheme is case-insensitive)
        assertThat(http.post("/restart", "bearer " + token.value()).statusCode()).isEqualTo(202);
        assertThat(control.restartReasons).containsExactly("manual", "manual");
    }

    @Test
    void stopAndStartChildWithTheToken() {
        assertThat(http.post("/stop-child", bearer()).statusCode()).isEqualTo(202);
        assertThat(control.stops).hasValue(1);
        assertThat(control.starts).hasValue(0);
        assertThat(http.post("/start-child", bearer()).statusCode()).isEqualTo(202);
        assertThat(control.starts).hasValue(1);
        assertThat(control.restartReasons).isEmpty();
    }

    @Test
    void anActionTheCoreRefusesIs409WithItsReason() throws Exception {
        control.refuseActionsWith(new IllegalStateException("the child is already running"));
        HttpResponse<String> r = http.post("/start-child", bearer());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).isEqualTo("the child is already running");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/restart", "/stop-child", "/start-child"})
    void getOnAControlEndpointIs405(String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(r).path("error").asText()).contains("GET is not allowed");
        assertNothingHappened();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/status", "/metrics", "/api/history", "/api/logs", "/", "/assets/dashboard.js"})
    void postOnAReadOnlyEndpointIs405(String path) {
        HttpResponse<String> r = http.post(path, bearer());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertNothingHappened();
    }

    @Test
    void headIsGetWithoutABody() {
        HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/health"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        HttpResponse<String> restart = http.send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/restart"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(restart.statusCode()).isEqualTo(405);
        assertThat(restart.headers().firstValue("Allow")).hasValue("POST");
        assertNothingHappened();
    }

    @Test
    void anUnwritableRunDirectoryFailsTheStartAndReleasesThePort() throws IOException {
        Path notADir = Files.writeString(home.resolve("run-is-a-file"), "x");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> SupervisorWebServer.builder(new FakeControl(), new SupervisorMetrics(), token, notADir)
                .config(WebServerConfig.defaults().withPort(port)).scheduler(new ManualScheduler()).start())
                .isInstanceOf(WebServerException.class)
                .hasMessageStartingWith("cannot write " + notADir.resolve("web.port"));
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void unknownPathsAre404() throws Exception {
        HttpResponse<String> r = http.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).isEqualTo("no such resource: /nope");
        assertThat(http.get("/assets/nope.js").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/..%2F..%2Fpom.xml").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/web/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingHandlerIs500JsonAndTheServerKeepsServing() throws Exception {
        control.failWith(new IllegalArgumentException("core exploded"));
        try (LogCapture log = new LogCapture(Router.class)) {
            HttpResponse<String> r = http.get("/status");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(json(r).path("error").asText()).startsWith("internal error").doesNotContain("core exploded");
            assertThat(http.post("/restart", bearer()).statusCode()).isEqualTo(500);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l.message()).isEqualTo("GET /status failed"));
        }
        control.failWith(null);
        assertThat(http.get("/status").statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void dashboardAndAssetsComeFromTheJarWithAStrictPolicy() {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("script-src 'self'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"/assets/dashboard.js\"").doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> js = http.get("/assets/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("/restart").contains("sessionStorage");
        assertThat(http.get("/assets/dashboard.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(http.get("/index.html").statusCode()).isEqualTo(200);
        assertThat(http.get("/favicon.ico").statusCode()).isEqualTo(200);
    }

    @Test
    void clientsThatStallMidRequestDoNotBlockOthers() throws Exception {
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
                s.getOutputStream().write("GET /status HTTP/1.1\r\nHost: 127.0.0.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/health"))
                    .timeout(Duration.ofSeconds(5)));
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void aForeignHostHeaderIsRefused() throws IOException {
        // A page from another site, DNS-rebound to 127.0.0.1, sends its own host name.
        String line = Http.rawStatusLine(server.port(),
                "GET /status HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(line).startsWith("HTTP/1.1 421");
        String ok = Http.rawStatusLine(server.port(),
                "GET /status HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(ok).startsWith("HTTP/1.1 200");
        String tunnel = Http.rawStatusLine(server.port(),
                "GET /status HTTP/1.1\r\nHost: localhost:9000\r\nConnection: close\r\n\r\n");
        assertThat(tunnel).as("through an ssh tunnel").startsWith("HTTP/1.1 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8791", "127.0.0.1", "localhost", "LOCALHOST:1", "[::1]:8791", "[::1]", "127.1.2.3:80"})
    void loopbackHostHeadersAreAccepted(String host) {
        assertThat(SupervisorWebServer.loopbackHost(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8791", "localhost.evil.example", "127.0.0.1.evil.example:80",
            "10.0.0.1:8791", "[::2]:8791", "localhost:80:80", "[::1", "localhost:http", ""})
    void otherHostHeadersAreRefused(String host) {
        assertThat(SupervisorWebServer.loopbackHost(host)).isFalse();
    }

    @Test
    void aPortInUseIsAOneLineError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path run2 = home.resolve("run2");
            assertThatThrownBy(() -> SupervisorWebServer.builder(new FakeControl(), new SupervisorMetrics(),
                            token, run2).config(WebServerConfig.defaults().withPort(taken.getLocalPort()))
                    .scheduler(new ManualScheduler()).start())
                    .isInstanceOf(WebServerException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use (another process has the port? set web.port)");
            assertThat(run2.resolve("web.port")).doesNotExist();
        }
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessAllowed() {
        Path run2 = home.resolve("run2");
        assertThatThrownBy(() -> SupervisorWebServer.builder(new FakeControl(), new SupervisorMetrics(), token, run2)
                .config(WebServerConfig.defaults().withHost("0.0.0.0").withPort(0)).scheduler(new ManualScheduler()).start())
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0")
                .hasMessageContaining("web.allow_remote");
        assertThat(run2.resolve("web.port")).doesNotExist();
        // With consent the policy lets it through (checked without opening a socket to the network).
        assertThat(BindPolicy.resolve("0.0.0.0", true).isAnyLocalAddress()).isTrue();
        assertThat(BindPolicy.resolve("localhost", false).isLoopbackAddress()).isTrue();
        assertThat(BindPolicy.resolve("::1", false).isLoopbackAddress()).isTrue();
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> WebServerConfig.defaults().withPort(70000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> WebServerConfig.defaults().withHost(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> WebServerConfig.defaults().withHistory(Duration.ofMillis(5), 10)).hasMessageContaining("100ms");
        assertThatThrownBy(() -> WebServerConfig.defaults().withHistory(Duration.ofSeconds(1), 0)).hasMessageContaining("1..100000");
        assertThat(WebServerConfig.defaults()).isEqualTo(new WebServerConfig("127.0.0.1", 8791, false, Duration.ofSeconds(5), 720));
    }
}
