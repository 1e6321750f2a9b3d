package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 14, friction 4: a web port that is busy at start is retried, shown in `status`, and taken once free. */
class WebPortBusyIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aBusyWebPortIsRetriedWithBackoffAndShownInStatusUntilItIsFree() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = squatter.getLocalPort();
        try {
            sup.env.put("ULTRA_WEB_PORT", Integer.toString(port));
            sup.config("").start();
            JsonNode s = ItSupport.await("http_error in the status", WAIT, () -> {
                JsonNode j = sup.status();
                return j != null && j.path("supervisor").has("http_error") ? j : null;
            });
            assertThat(s.path("supervisor").path("http_port").isNull()).isTrue();
            assertThat(s.path("supervisor").path("http_error").asText())
                    .contains("cannot listen on 127.0.0.1:" + port).containsPattern("\\(attempt \\d+, next in \\d+s\\)$");

            Files.deleteIfExists(home.resolve("cli.out"));
            Process status = sup.launch("status");
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ItSupport.read(home.resolve("cli.out"))).contains("web:        not running: cannot listen on")
                    .contains("next in");
            int first = attempt(s);
            ItSupport.await("a later attempt than " + first, WAIT, () -> attempt(sup.status()) > first ? true : null);
        } finally {
            squatter.close();
        }
        JsonNode up = ItSupport.await("the web server on port " + port + " once it is free", WAIT, () -> {
            JsonNode j = sup.status();
            return j != null && j.path("supervisor").path("http_port").asInt() == port ? j : null;
        });
        assertThat(up.path("supervisor").has("http_error")).isFalse();
        assertThat(get(port)).startsWith("HTTP/1.1 200");
        assertThat(sup.supervisorLog()).contains("web server started after");
    }

    private static int attempt(JsonNode status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(attempt (\\d+),")
                .matcher(status.path("supervisor").path("http_error").asText());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String get(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
            return new String(s.getInputStream().readAllBytes());
        }
    }
}
