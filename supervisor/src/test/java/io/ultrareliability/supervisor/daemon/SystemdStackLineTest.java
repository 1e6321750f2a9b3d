package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.systemd.SystemdNotifier;
import java.io.File;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** issue 17: systemd's STATUS line names the bot and the keeper; READY=1 still waits for the bot. */
class SystemdStackLineTest {
    @TempDir
    Path tmp;

    private static StatusSnapshot pair(ChildState bot, long botPid, ChildState keeper, long keeperPid, int keeperRestarts) {
        StatusSnapshot b = SystemdListenerTest.snapshot(bot, botPid, 0, 0, false);
        StatusSnapshot k = SystemdListenerTest.snapshot(keeper, keeperPid, keeperRestarts, 0, false);
        return b.withKeeper(k);
    }

    @Test
    void theLineNamesBoth() {
        assertThat(SystemdStatusLine.of(pair(ChildState.RUNNING, 123, ChildState.RUNNING, 122, 0), "bot"))
                .isEqualTo("running: bot pid 123, 0 restarts; keeper running (pid 122), 0 restarts");
        assertThat(SystemdStatusLine.of(pair(ChildState.RUNNING, 123, ChildState.BACKOFF, 0, 1), "bot"))
                .isEqualTo("running: bot pid 123, 0 restarts; keeper backoff, 1 restart");
        assertThat(SystemdStatusLine.of(SystemdListenerTest.snapshot(ChildState.RUNNING, 123, 0, 0, false), "bot"))
                .as("without a keeper: as before").isEqualTo("running: bot pid 123, 0 restarts");
    }

    @Test
    void keeperChangesUpdateTheStatusAndReadyWaitsForTheBot() throws Exception {
        File path = tmp.resolve("notify.sock").toFile();
        AtomicReference<StatusSnapshot> stack = new AtomicReference<>();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(path));
            systemd.setSoTimeout(5_000);
            SystemdListener l = new SystemdListener(
                    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.getPath()), 1), "bot", stack::get);
            // the keeper runs before the bot published anything: nothing to say yet
            l.onStateChange(ChildState.STARTING, ChildState.RUNNING, SystemdListenerTest.snapshot(ChildState.RUNNING,
                    7, 0, 0, false));
            stack.set(pair(ChildState.STARTING, 8, ChildState.RUNNING, 7, 0));
            l.onStateChange(ChildState.STOPPED, ChildState.STARTING, stack.get());
            // a keeper restart while the bot starts is no READY
            stack.set(pair(ChildState.STARTING, 8, ChildState.RUNNING, 9, 1));
            l.onStateChange(ChildState.STARTING, ChildState.RUNNING, stack.get());
            stack.set(pair(ChildState.RUNNING, 8, ChildState.RUNNING, 9, 1));
            l.onStateChange(ChildState.STARTING, ChildState.RUNNING, stack.get());
            List<String> got = new ArrayList<>();
            byte[] buf = new byte[4096];
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                systemd.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            assertThat(got).containsExactly(
                    "STATUS=starting: bot pid 8, 0 restarts; keeper running (pid 7), 0 restarts",
                    "STATUS=starting: bot pid 8, 0 restarts; keeper running (pid 9), 1 restart",
                    "READY=1\nSTATUS=running: bot pid 8, 0 restarts; keeper running (pid 9), 1 restart");
        }
    }
}
