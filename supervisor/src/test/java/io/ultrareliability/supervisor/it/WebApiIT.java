package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real supervisor jar with its web server: health, auth, restart, metrics, the CLI, cleanup. */
class WebApiIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .proxy(HttpClient.Builder.NO_PROXY).build();

    @AfterEach
    void closeClient() {
        http.close();
    }

    private int webPort() {
        String text = ItSupport.await("run/web.port", WAIT, () -> {
            String s = ItSupport.read(home.resolve("run/web.port"));
            return s.contains("port=") ? s : null;
        });
        return text.lines().filter(l -> l.startsWith("port=")).map(l -> Integer.parseInt(l.substring(5)))
                .findFirst().orElseThrow();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a sample line such as {@code name{label="x"} 1.0}, or null when absent. */
    private static Double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(null);
    }

    private long awaitNewRunningChild(long oldPid) {
        return ItSupport.await("a new running child (not " + oldPid + ")", WAIT, () -> {
            JsonNode s = sup.status();
            if (s != null && s.path("child").path("state").asText().equals("running")
                    && s.path("child").path("pid").asLong() != oldPid) {
                sup.trackChild(s.path("child").path("pid").asLong());
                return s.path("child").path("pid").asLong();
            }
            return null;
        });
    }

    @Test
    void healthAuthRestartMetricsCliAndCleanup() throws Exception {
        String discordToken = "ZTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs";
        sup.env.put("DISCORD_TOKEN", discordToken);
        sup.config("").start();
        int port = webPort();
        long first = sup.childPid();

        ItSupport.await("GET /health 200", WAIT, () -> {
            try {
                return get(port, "/health").statusCode() == 200 ? true : null;
            } catch (Exception e) {
                return null;
            }
        });
        JsonNode health = ItSupport.JSON.readTree(get(port, "/health").body());
        assertThat(health.path("child").path("pid").asLong()).isEqualTo(first);
        assertThat(health.path("status").asText()).isEqualTo("ok");

        // The status file and /status both say where the web server is.
        assertThat(sup.status().path("supervisor").path("http_port").asInt()).isEqualTo(port);
        JsonNode status = ItSupport.JSON.readTree(get(port, "/status").body());
        assertThat(status.path("supervisor").path("http_port").asInt()).isEqualTo(port);
        assertThat(status.path("supervisor").path("pid").asLong()).isEqualTo(sup.process.pid());

        // No token, a wrong one: 401 and nothing happens.
        assertThat(post(port, "/restart", null).statusCode()).isEqualTo(401);
        assertThat(post(port, "/restart", "x".repeat(43)).statusCode()).isEqualTo(401);
        Thread.sleep(500);
        assertThat(sup.childPid()).isEqualTo(first);
        assertThat(sup.status().path("restart_history").size()).isZero();
        assertThat(sup.supervisorLog()).contains("refused POST /restart from 127.0.0.1");

        // The token from run/control.token (mode 0600): restarted with reason manual.
        String token = Files.readString(home.resolve("run/control.token")).strip();
        assertThat(Files.getPosixFilePermissions(home.resolve("run/control.token")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        HttpResponse<String> accepted = post(port, "/restart", token);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode record = sup.awaitRestart(1, WAIT);
        assertThat(record.path("reason").asText()).isEqualTo("manual");
        assertThat(record.path("pid").asLong()).isEqualTo(first);
        assertThat(record.path("detail").asText()).contains("HTTP API");
        long second = awaitNewRunningChild(first);
        assertThat(ItSupport.alive(first)).isFalse();

        String metrics = get(port, "/metrics").body();
        assertThat(sample(metrics, "ultra_reliability_child_restarts_total{reason=\"manual\"}")).isEqualTo(1.0);
        assertThat(sample(metrics, "ultra_reliability_child_restarts_total{reason=\"crash\"}")).isEqualTo(0.0);
        assertThat(sample(metrics, "ultra_reliability_health_check_duration_seconds_count")).isGreaterThan(0.0);
        assertThat(sample(metrics, "ultra_reliability_web_unauthorized_requests_total")).isEqualTo(2.0);
        assertThat(sample(metrics, "ultra_reliability_child_pid")).isEqualTo((double) second);
        assertThat(metrics).doesNotContain(token);
        for (String path : List.of("/status", "/health", "/metrics", "/api/logs?lines=500", "/api/history")) {
            assertThat(get(port, path).body()).as(path).doesNotContain(discordToken).doesNotContain(token);
        }

        // `status` names the web server.
        assertThat(cli("status")).isZero();
        assertThat(ItSupport.read(home.resolve("cli.out"))).contains("web:        http://127.0.0.1:" + port + "/");

        // The CLI goes through the API (the restart's detail says so), and waits for the new child.
        assertThat(cli("restart")).as(ItSupport.read(home.resolve("cli.err"))).isZero();
        String out = ItSupport.read(home.resolve("cli.out"));
        assertThat(out).startsWith("restarted: child pid ");
        long third = Long.parseLong(out.strip().substring("restarted: child pid ".length()));
        sup.trackChild(third);
        assertThat(third).isNotIn(first, second);
        JsonNode s = sup.status();
        assertThat(s.path("restart_history").size()).isEqualTo(2);
        assertThat(s.path("restart_history").get(0).path("detail").asText()).contains("HTTP API");
        assertThat(sample(get(port, "/metrics").body(), "ultra_reliability_child_restarts_total{reason=\"manual\"}"))
                .isEqualTo(2.0);

        assertThat(sup.terminate(WAIT)).isZero();
        assertThat(home.resolve("run/web.port")).doesNotExist();
        assertThat(sup.status().path("supervisor").path("state").asText()).isEqualTo("stopped");
        assertThat(sup.status().path("supervisor").path("http_port").isNull()).isTrue();
        assertThat(sup.supervisorLog()).doesNotContain(token).doesNotContain(discordToken);
        assertThat(home.resolve("run/control.token")).exists();
        assertThat(ItSupport.alive(third)).isFalse();
    }

    @Test
    void aWebPortInUseDoesNotStopSupervisionAndRestartFallsBackToSighup() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sup.env.put("ULTRA_WEB_PORT", Integer.toString(taken.getLocalPort()));
            sup.config("").start();
            JsonNode s = sup.status();
            assertThat(s.path("supervisor").path("http_port").isNull()).as(s.toString()).isTrue();
            assertThat(s.path("supervisor").path("http_error").asText())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(home.resolve("run/web.port")).doesNotExist();
            assertThat(sup.supervisorLog()).contains("web server not started, supervising without it: cannot listen on");
            long first = sup.childPid();

            assertThat(cli("restart")).as(ItSupport.read(home.resolve("cli.err"))).isZero();
            JsonNode record = sup.awaitRestart(1, WAIT);
            assertThat(record.path("reason").asText()).isEqualTo("manual");
            assertThat(record.path("detail").asText()).isEqualTo("SIGHUP (restart command)");
            awaitNewRunningChild(first);
            assertThat(sup.terminate(WAIT)).isZero();
        }
    }
}
