package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The real supervisor jar speaking sd_notify to a unix datagram socket standing in for systemd. */
class SystemdNotifyIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private SupervisorProcess sup;
    private AFUNIXDatagramSocket systemd;
    private Thread receiver;
    private final List<String> messages = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (sup != null) {
            sup.close();
        }
        if (receiver != null) {
            receiver.interrupt();
            receiver.join(5_000);
        }
        if (systemd != null) {
            systemd.close();
        }
    }

    private List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    private void listen(File path) throws Exception {
        systemd = AFUNIXDatagramSocket.newInstance();
        systemd.bind(AFUNIXSocketAddress.of(path));
        systemd.setSoTimeout(200);
        receiver = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (!Thread.currentThread().isInterrupted() && !systemd.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    systemd.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (Exception e) {
                    return;
                }
                synchronized (messages) {
                    messages.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                }
            }
        }, "fake-systemd");
        receiver.setDaemon(true);
        receiver.start();
    }

    private long count(String prefix) {
        return messages().stream().filter(m -> m.startsWith(prefix)).count();
    }

    private long pingsAfterReady() {
        List<String> m = messages();
        int ready = 0;
        while (ready < m.size() && !m.get(ready).startsWith("READY=1")) {
            ready++;
        }
        return m.subList(Math.min(ready, m.size()), m.size()).stream().filter("WATCHDOG=1"::equals).count();
    }

    @Test
    void statusReadyWatchdogAndStoppingArriveInOrder() throws Exception {
        File path = home.resolve("notify.sock").toFile();
        listen(path);
        sup = new SupervisorProcess(home, ItSupport.freePort()).config("");
        sup.env.put("NOTIFY_SOCKET", path.getPath());
        sup.env.put("WATCHDOG_USEC", "2000000"); // systemd's WatchdogSec=2: a ping every second
        sup.start();
        long childPid = sup.childPid();

        ItSupport.await("READY=1", WAIT, () -> count("READY=1") > 0 ? true : null);
        ItSupport.await("2 watchdog pings after READY=1", WAIT, () -> pingsAfterReady() >= 2 ? true : null);
        long pid = sup.process.pid();
        assertThat(sup.terminate(WAIT)).isZero();
        ItSupport.await("STOPPING=1", WAIT, () -> count("STOPPING=1") > 0 ? true : null);

        List<String> m = messages();
        int starting = m.indexOf("STATUS=starting: supervisor pid " + pid);
        int childStarting = m.indexOf("STATUS=starting: java pid " + childPid + ", 0 restarts");
        int ready = m.indexOf("READY=1\nSTATUS=running: java pid " + childPid + ", 0 restarts");
        int stopping = m.indexOf("STOPPING=1\nSTATUS=stopping: SIGTERM received, stopping the child");
        assertThat(starting).as("messages: %s", m).isZero();
        assertThat(childStarting).as("messages: %s", m).isGreaterThan(starting);
        assertThat(ready).as("messages: %s", m).isGreaterThan(childStarting);
        assertThat(stopping).as("messages: %s", m).isGreaterThan(ready);
        assertThat(count("READY=1")).as("READY=1 exactly once").isEqualTo(1);
        assertThat(m.subList(ready, stopping).stream().filter("WATCHDOG=1"::equals).count())
                .as("watchdog pings while running: %s", m).isGreaterThanOrEqualTo(2);
        assertThat(m.subList(stopping, m.size())).as("after STOPPING=1").contains(
                "STATUS=stopping: java pid " + childPid + ", 0 restarts", "STATUS=stopped: java not running, 0 restarts");
        assertThat(ItSupport.alive(childPid)).isFalse();
    }
}
