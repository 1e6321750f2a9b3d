package io.ultrareliability.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar run as a real process: {@code java -jar target/gateway-sim-cli.jar ...}. */
class StandaloneCliIT {
    private static final Path JAR = Path.of("target", "gateway-sim-cli.jar");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String TOKEN = "cli-token-do-not-print";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private String out() throws IOException {
        return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    }

    private String err() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private int exitCode(Process process) throws InterruptedException {
        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("process exited").isTrue();
        return process.exitValue();
    }

    @Test
    void startsPrintsUrlsServesAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).exists();
        Path portFile = dir.resolve("sim.port");
        Process process = launch("--port", "0", "--token", TOKEN, "--token", "second", "--heartbeat-interval", "1s",
                "--guilds", "2", "--port-file", portFile.toString());
        await("port file").atMost(DEADLINE).until(() -> Files.exists(portFile));
        Map<String, String> values = Files.readAllLines(portFile).stream().map(l -> l.split(": ", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
        int port = Integer.parseInt(values.get("port"));
        assertThat(values.get("rest")).isEqualTo("http://127.0.0.1:" + port + "/api/v10");
        assertThat(values.get("gateway")).isEqualTo("ws://127.0.0.1:" + port + "/gateway");
        await("URLs on stdout").atMost(DEADLINE).until(() -> out().contains("gateway: "));
        assertThat(out().lines().limit(2).toList()).containsExactly(
                "rest: " + values.get("rest"), "gateway: " + values.get("gateway"));

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(values.get("rest") + "/users/@me"))
                    .header("Authorization", "Bot " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                    URI.create(values.get("control") + "/stats")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.body()).contains("\"sessions_open\":0").doesNotContain(TOKEN);
        }

        process.destroy(); // SIGTERM
        assertThat(exitCode(process)).isZero();
        assertThat(out()).contains("gateway-sim stopped");
        assertThat(out() + err()).doesNotContain(TOKEN);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void badFlagsExitWithUsageError2() throws Exception {
        assertThat(exitCode(launch("--port", "0"))).isEqualTo(2);
        assertThat(err()).contains("Missing required option: '--token=<tokens>'").doesNotContain("\tat ");
        assertThat(exitCode(launch("--token", "t", "--heartbeat-interval", "soon"))).isEqualTo(2);
        assertThat(err()).contains("--heartbeat-interval").doesNotContain("\tat ");
        assertThat(exitCode(launch("--token", "t", "--guilds", "0"))).isEqualTo(2);
        assertThat(err()).contains("guilds must be 1..100, got 0").doesNotContain("\tat ");
    }

    @Test
    void portInUseIsAClearMessageWithoutStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThat(exitCode(launch("--port", Integer.toString(port), "--token", TOKEN))).isEqualTo(1);
            assertThat(err()).contains("cannot listen on 127.0.0.1:" + port + ": the port is already in use")
                    .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(TOKEN);
        }
    }
}
