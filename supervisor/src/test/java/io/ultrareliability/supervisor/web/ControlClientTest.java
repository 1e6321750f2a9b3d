package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlClientTest {
    @TempDir
    Path home;

    private SupervisorWebServer start(FakeControl control) {
        Path run = home.resolve("run");
        return SupervisorWebServer.builder(control, new SupervisorMetrics(), ControlToken.loadOrCreate(run), run)
                .config(WebServerConfig.defaults().withPort(0)).scheduler(new ManualScheduler()).start();
    }

    @Test
    void restartGoesThroughTheApiWithTheTokenFromTheHome() throws Exception {
        FakeControl control = new FakeControl();
        try (SupervisorWebServer server = start(control)) {
            assertThat(ControlClient.available(home)).isTrue();
            ControlClient client = ControlClient.forHome(home);
            assertThat(client.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            ControlClient.Response r = client.restart();
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(control.restartReasons).containsExactly("manual");
            client.stopChild();
            client.startChild();
            assertThat(control.stops).hasValue(1);
            assertThat(control.starts).hasValue(1);
            assertThat(client.status().child().pid()).isEqualTo(control.childPid());
            assertThat(client.status().supervisor().httpPort()).isEqualTo(server.port());
        }
        assertThat(ControlClient.available(home)).isFalse();
    }

    /** A client whose waits advance a fake clock; {@code onSleep} runs after each wait. */
    private static ControlClient counting(ControlClient c, AtomicLong now, List<Duration> sleeps, Runnable onSleep) {
        return c.withTime(now::get, d -> {
            sleeps.add(d);
            now.addAndGet(d.toNanos());
            onSleep.run();
        });
    }

    @Test
    void restartAndWaitReturnsOnceTheNewChildRuns() throws Exception {
        FakeControl control = new FakeControl(); // goes "starting" on restart
        try (SupervisorWebServer server = start(control)) {
            List<Duration> sleeps = new ArrayList<>();
            ControlClient client = counting(ControlClient.forHome(home), new AtomicLong(), sleeps, () -> {
                if (sleeps.size() == 3) {
                    control.state("running");
                }
            });
            assertThat(client.restartAndWait(Duration.ofSeconds(90)))
                    .isEqualTo(new ControlClient.RestartOutcome(4243, "running", 1));
            assertThat(sleeps).hasSize(3).containsOnly(ControlClient.POLL_INTERVAL);
            assertThat(control.restartReasons).containsExactly("manual");
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void restartAndWaitGivesUpAtTheDeadline() throws Exception {
        FakeControl control = new FakeControl();
        try (SupervisorWebServer server = start(control)) {
            List<Duration> sleeps = new ArrayList<>();
            ControlClient client = counting(ControlClient.forHome(home), new AtomicLong(), sleeps, () -> { });
            assertThatThrownBy(() -> client.restartAndWait(Duration.ofSeconds(1)))
                    .isInstanceOf(ControlClientException.class)
                    .hasMessage("restart requested, but the child was not running within 1s (state starting)");
            assertThat(sleeps).hasSize(10);
            assertThat(control.restartReasons).containsExactly("manual");
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void restartAndWaitReportsAFatalChild() throws Exception {
        FakeControl control = new FakeControl().stateAfterRestart("fatal");
        try (SupervisorWebServer server = start(control)) {
            List<Duration> sleeps = new ArrayList<>();
            ControlClient client = counting(ControlClient.forHome(home), new AtomicLong(), sleeps, () -> { });
            assertThatThrownBy(() -> client.restartAndWait(Duration.ofSeconds(90)))
                    .isInstanceOf(ControlClientException.class)
                    .hasMessage("the child failed fatally again: no reason given");
            assertThat(sleeps).isEmpty();
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void noWebPortFileMeansNotRunning() {
        assertThat(ControlClient.available(home)).isFalse();
        assertThatThrownBy(() -> ControlClient.forHome(home))
                .isInstanceOf(ControlClientException.class)
                .hasMessageStartingWith("the supervisor's web server is not running (no ")
                .hasMessageEndingWith("run/web.port)");
    }

    @Test
    void aWebPortFileOfADeadSupervisorIsStale() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        Path run = Files.createDirectories(home.resolve("run"));
        new WebPortFile("127.0.0.1", 8791, deadPid, Optional.of(Instant.parse("2026-01-01T00:00:00Z"))).write(run);
        assertThat(ControlClient.available(home)).isFalse();
        assertThatThrownBy(() -> ControlClient.forHome(home))
                .isInstanceOf(ControlClientException.class)
                .hasMessageContaining("stale").hasMessageContaining("pid " + deadPid + " is gone");
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsStaleToo() throws Exception {
        // Our own PID, but recorded with a start time that is not ours: a reused PID.
        Path run = Files.createDirectories(home.resolve("run"));
        new WebPortFile("127.0.0.1", 8791, ProcessHandle.current().pid(), Optional.of(Instant.parse("2001-01-01T00:00:00Z"))).write(run);
        assertThatThrownBy(() -> ControlClient.forHome(home))
                .isInstanceOf(ControlClientException.class).hasMessageContaining("stale");
    }

    @Test
    void aClosedPortIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path run = home.resolve("run");
        ControlToken.loadOrCreate(run);
        WebPortFile.ofThisProcess("127.0.0.1", port).write(run);
        ControlClient client = ControlClient.forHome(home);
        assertThatThrownBy(client::restart)
                .isInstanceOf(ControlClientException.class)
                .hasMessage("cannot reach the supervisor at http://127.0.0.1:" + port + "/: connection refused");
    }

    @Test
    void aReplacedTokenFileIsRefusedWith401() throws Exception {
        FakeControl control = new FakeControl();
        try (SupervisorWebServer server = start(control)) {
            assertThat(ControlClient.forHome(home).baseUri().getPort()).isEqualTo(server.port());
            Path file = home.resolve("run/control.token");
            String old = Files.readString(file);
            Files.delete(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "y".repeat(43) + "\n");
            assertThatThrownBy(() -> ControlClient.forHome(home).restart())
                    .isInstanceOf(ControlClientException.class)
                    .hasMessageContaining("refused").hasMessageContaining("401")
                    .hasMessageNotContaining("yyyy").hasMessageNotContaining(old.strip());
            assertThat(control.restartReasons).isEmpty();
        }
    }

    @Test
    void anUnreadableTokenFileIsAClearError() throws IOException {
        try (SupervisorWebServer server = start(new FakeControl())) {
            assertThat(ControlClient.available(home)).as("server on %d", server.port()).isTrue();
            Files.setPosixFilePermissions(home.resolve("run/control.token"), PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThatThrownBy(() -> ControlClient.forHome(home))
                    .isInstanceOf(ControlClientException.class)
                    .hasMessageContaining("accessible by group or others (mode 0666)");
        }
    }

    @Test
    void theCoresRefusalIsReported() throws Exception {
        FakeControl control = new FakeControl().refuseActionsWith(new IllegalStateException("the child is stopped"));
        try (SupervisorWebServer server = start(control)) {
            assertThat(ControlClient.forHome(home).baseUri().getPort()).isEqualTo(server.port());
            assertThatThrownBy(() -> ControlClient.forHome(home).restart())
                    .isInstanceOf(ControlClientException.class)
                    .hasMessage("the supervisor answered 409 to restart: the child is stopped");
        }
    }
}
