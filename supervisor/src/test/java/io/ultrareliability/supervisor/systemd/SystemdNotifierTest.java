package io.ultrareliability.supervisor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** sd_notify messages over a real unix datagram socket standing in for systemd. */
class SystemdNotifierTest {
    @TempDir
    Path tmp;

    @Test
    void messagesArriveInOrderOnTheNotifySocket() throws Exception {
        File path = tmp.resolve("notify.sock").toFile();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(path));
            systemd.setSoTimeout(5_000);
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", path.getPath(), "WATCHDOG_USEC", "30000000"), 4242);

            notifier.status("starting: child pid 10");
            notifier.ready("running: child pid 10, restarts 0");
            notifier.ready("running: child pid 11, restarts 1");
            notifier.watchdog();
            notifier.stopping("stopping\nnow");

            assertThat(receive(systemd, 5)).containsExactly(
                    "STATUS=starting: child pid 10",
                    "READY=1\nSTATUS=running: child pid 10, restarts 0",
                    "STATUS=running: child pid 11, restarts 1",
                    "WATCHDOG=1",
                    "STOPPING=1\nSTATUS=stopping now");
        }
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of(), 1);
        assertThat(notifier.enabled()).isFalse();
        notifier.ready("x");
        notifier.watchdog();
        assertThat(notifier.watchdogPingInterval()).isEmpty();
    }

    @Test
    void aVanishedSocketIsSurvived() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", tmp.resolve("gone.sock").toString()), 1);
        notifier.ready("running");
        notifier.status("still running");
        assertThat(notifier.enabled()).isTrue();
    }

    @Test
    void watchdogPingsAtHalfTheTimeoutAndOnlyForTheNamedPid() {
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 7))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(SystemdNotifier.fromEnvironment(
                        Map.of("NOTIFY_SOCKET", "/x", "WATCHDOG_USEC", "30000000"), 7)
                .watchdogPingInterval()).contains(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.watchdogInterval(
                Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "8"), 7)).isNull();
        assertThat(SystemdNotifier.watchdogInterval(
                Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 7)).isNull();
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 7)).isNull();
    }

    @Test
    void abstractNamespaceAddressesAreAccepted() throws Exception {
        String name = "ultra-reliability-test-" + ProcessHandle.current().pid();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
            systemd.setSoTimeout(5_000);
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), 1).ready("up");
            assertThat(receive(systemd, 1)).containsExactly("READY=1\nSTATUS=up");
        }
    }

    private static List<String> receive(AFUNIXDatagramSocket socket, int count) throws Exception {
        List<String> messages = new ArrayList<>();
        byte[] buf = new byte[4096];
        for (int i = 0; i < count; i++) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("only " + messages.size() + " of " + count + " messages arrived: " + messages);
            }
            messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
        return messages;
    }
}
