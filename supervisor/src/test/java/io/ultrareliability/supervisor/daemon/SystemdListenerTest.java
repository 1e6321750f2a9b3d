package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.SupervisorState;
import io.ultrareliability.supervisor.systemd.SystemdNotifier;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.io.File;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The status line, READY once, and watchdog pings that ride the supervisor loop. */
class SystemdListenerTest {
    @TempDir
    Path tmp;

    static StatusSnapshot snapshot(ChildState state, long pid, int restarts, long delayMs, boolean crashLoop) {
        StatusSnapshot.Child child = new StatusSnapshot.Child(pid, state, null, restarts, 0, null, null, List.of(),
                new StatusSnapshot.Health(null, 0, 0, 0, 0, null, null, null), new StatusSnapshot.Memory(-1, 0, 0));
        return new StatusSnapshot(Instant.EPOCH, new StatusSnapshot.Supervisor(1, SupervisorState.RUNNING, Instant.EPOCH, "t"),
                child, new StatusSnapshot.Backoff(delayMs, 0, crashLoop, null), List.of());
    }

    @Test
    void oneLinePerState() {
        assertThat(SystemdStatusLine.of(snapshot(ChildState.STARTING, 1234, 0, 0, false), "bot"))
                .isEqualTo("starting: bot pid 1234, 0 restarts");
        assertThat(SystemdStatusLine.of(snapshot(ChildState.RUNNING, 1234, 1, 0, false), "bot"))
                .isEqualTo("running: bot pid 1234, 1 restart");
        assertThat(SystemdStatusLine.of(snapshot(ChildState.UNHEALTHY, 1234, 2, 0, false), "bot"))
                .isEqualTo("unhealthy: bot pid 1234, 2 restarts");
        assertThat(SystemdStatusLine.of(snapshot(ChildState.BACKOFF, 0, 6, 300_000, true), "bot"))
                .isEqualTo("backoff: bot starts again in 5m, 6 restarts, CRASH LOOP");
        assertThat(SystemdStatusLine.of(snapshot(ChildState.STOPPED, 0, 2, 0, false), "bot"))
                .isEqualTo("stopped: bot not running, 2 restarts");
        assertThat(SystemdStatusLine.of(snapshot(ChildState.FATAL, 0, 2, 0, false), "bot"))
                .startsWith("fatal: bot exited with a fatal configuration error (78)").endsWith("; 2 restarts");
    }

    @Test
    void theChildIsNamedAfterItsJarElseItsProgram() {
        assertThat(SystemdStatusLine.childName(List.of("/jdk/bin/java", "-Xss512k", "-jar", "/src/bot/target/bot.jar",
                "--supervised"))).isEqualTo("bot");
        assertThat(SystemdStatusLine.childName(List.of("/usr/bin/python3", "x.py"))).isEqualTo("python3");
    }

    @Test
    void statusOnEveryChangeAndReadyOnlyTheFirstTimeTheChildRuns() throws Exception {
        File path = tmp.resolve("notify.sock").toFile();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(path));
            systemd.setSoTimeout(5_000);
            SystemdListener l = new SystemdListener(
                    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.getPath()), 1), "bot");
            l.onStateChange(ChildState.STOPPED, ChildState.STARTING, snapshot(ChildState.STARTING, 10, 0, 0, false));
            l.onStateChange(ChildState.STARTING, ChildState.RUNNING, snapshot(ChildState.RUNNING, 10, 0, 0, false));
            l.onStateChange(ChildState.RUNNING, ChildState.STOPPING, snapshot(ChildState.STOPPING, 10, 0, 0, false));
            l.onStateChange(ChildState.STOPPING, ChildState.BACKOFF, snapshot(ChildState.BACKOFF, 0, 1, 0, false));
            l.onStateChange(ChildState.BACKOFF, ChildState.STARTING, snapshot(ChildState.STARTING, 11, 1, 0, false));
            l.onStateChange(ChildState.STARTING, ChildState.RUNNING, snapshot(ChildState.RUNNING, 11, 1, 0, false));
            assertThat(receive(systemd, 6)).containsExactly(
                    "STATUS=starting: bot pid 10, 0 restarts",
                    "READY=1\nSTATUS=running: bot pid 10, 0 restarts",
                    "STATUS=stopping: bot pid 10, 0 restarts",
                    "STATUS=backoff: bot starts again in 0s, 1 restart",
                    "STATUS=starting: bot pid 11, 1 restart",
                    "STATUS=running: bot pid 11, 1 restart");
        }
    }

    @Test
    void watchdogPingsComeFromTheLoopAtEachIntervalAndStopWithIt() {
        ManualScheduler loop = new ManualScheduler();
        AtomicInteger pings = new AtomicInteger();
        WatchdogPinger pinger = new WatchdogPinger(loop, Duration.ofSeconds(15), pings::incrementAndGet).start();
        assertThat(pings).hasValue(0);
        loop.runPending();
        assertThat(pings).hasValue(1);
        loop.advance(Duration.ofSeconds(15).minusMillis(1));
        assertThat(pings).hasValue(1);
        loop.advance(Duration.ofMillis(1));
        assertThat(pings).hasValue(2);
        loop.advance(Duration.ofSeconds(45));
        assertThat(pings).hasValue(5);
        pinger.stop();
        loop.advance(Duration.ofMinutes(1));
        assertThat(pings).hasValue(5);
    }

    @Test
    void noPingWhileAPartOfSupervisionIsLateAndPingsAgainOnceItMoves() {
        ManualScheduler loop = new ManualScheduler();
        AtomicInteger pings = new AtomicInteger();
        io.ultrareliability.supervisor.liveness.Supervision supervision =
                new io.ultrareliability.supervisor.liveness.Supervision(Duration.ofSeconds(2), loop::nanoTime);
        supervision.startPulse(loop);
        new WatchdogPinger(loop, Duration.ofSeconds(15), pings::incrementAndGet, supervision::check).start();
        loop.runPending();
        assertThat(pings).hasValue(1);
        // A probe that never answers (its client's selector thread died): late after 2 s + 10 s.
        supervision.tracked(() -> new java.util.concurrent.CompletableFuture<>()).check();
        loop.advance(Duration.ofSeconds(15));
        assertThat(pings).as("15 s after the probe began: 3 s past its deadline").hasValue(1);
        loop.advance(Duration.ofSeconds(60));
        assertThat(pings).hasValue(1);
        // A probe that answers does not end the stuck one; a status write stuck too keeps it so.
        supervision.statusQueued();
        loop.advance(Duration.ofSeconds(15));
        assertThat(pings).hasValue(1);
    }

    @Test
    void aFailingPingStillSchedulesTheNext() {
        ManualScheduler loop = new ManualScheduler();
        AtomicInteger pings = new AtomicInteger();
        new WatchdogPinger(loop, Duration.ofSeconds(1), () -> {
            pings.incrementAndGet();
            throw new IllegalStateException("socket gone");
        }).start();
        for (int i = 0; i < 3; i++) {
            try {
                loop.advance(Duration.ofSeconds(1));
            } catch (IllegalStateException expected) {
                // the manual scheduler rethrows; the real one logs and goes on
            }
        }
        assertThat(pings.get()).isGreaterThanOrEqualTo(3);
    }

    static List<String> receive(AFUNIXDatagramSocket socket, int n) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[4096];
        for (int i = 0; i < n; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            out.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
