package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 1: 100 sockets each send {@code GET /health}, {@code Host: 127.0.0.1} and an
 * unfinished header line of ~370 KB, and hold. The supervisor runs with the launcher's heap
 * (48 MiB) and exits on an OutOfMemoryError; during the flood a kill -9 of the child must be
 * restarted in normal time and the status file keep moving; after it the web server serves.
 */
class WebFloodIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SOCKETS = 100;
    private static final int HEADER_BYTES = 370 * 1024;
    /** Longer than the server's request time limit (10 s): the held sockets must be closed by it. */
    private static final Duration HOLD = Duration.ofSeconds(14);

    @Test
    void aHeaderFloodLeavesSupervisionUntouchedAndTheServerServesAfterIt() throws Exception {
        sup.jvmOptions.add(ItSupport.SUPERVISOR_JVM_ARGS); // the production heap and exit-on-OOM
        sup.config("").start();
        int web = ItSupport.await("the web port in the status", WAIT, () -> {
            JsonNode s = sup.status();
            return s != null && s.path("supervisor").path("http_port").isInt()
                    ? s.path("supervisor").path("http_port").asInt() : null;
        });
        assertThat(get(web, "/health")).startsWith("HTTP/1.1 200");

        byte[] head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Flood: ".getBytes(StandardCharsets.US_ASCII);
        byte[] filler = new byte[HEADER_BYTES];
        Arrays.fill(filler, (byte) 'a');
        AtomicInteger refusedEarly = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        List<Socket> sockets = new ArrayList<>();
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> writes = new ArrayList<>();
        long floodStart = System.nanoTime();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), web), 5_000);
                sockets.add(s);
                writes.add(writers.submit(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(head);
                        for (int off = 0; off < filler.length; off += 8192) {
                            out.write(filler, off, Math.min(8192, filler.length - off));
                        }
                        out.flush();
                    } catch (IOException e) {
                        refusedEarly.incrementAndGet(); // the server closed it (cap or header limit)
                    }
                    return null;
                }));
            }

            // During the flood: kill -9 the child, expect a restart in normal time.
            Thread.sleep(1_000);
            long old = sup.childPid();
            String statusBefore = ItSupport.read(home.resolve("ultra_reliability_status.json"));
            long killAt = System.nanoTime();
            ItSupport.signal(old, "KILL");
            JsonNode r = sup.awaitRestart(1, WAIT);
            assertThat(r.path("pid").asLong()).isEqualTo(old);
            assertThat(r.path("signal").asText()).isEqualTo("SIGKILL");
            JsonNode running = sup.awaitRunning(WAIT);
            long restartMs = (System.nanoTime() - killAt) / 1_000_000;
            assertThat(running.path("child").path("pid").asLong()).isNotEqualTo(old);
            assertThat(ItSupport.read(home.resolve("ultra_reliability_status.json")))
                    .as("the status file moved on during the flood").isNotEqualTo(statusBefore);
            System.out.printf("flood: kill -9 -> new child running (healthy) in %d ms%n", restartMs);

            long left = HOLD.toNanos() - (System.nanoTime() - floodStart);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
            for (Socket s : sockets) {
                if (serverClosed(s)) {
                    closedByServer.incrementAndGet();
                }
            }
            System.out.printf("flood: %d sockets, %d refused while writing, %d closed by the server after %d s%n",
                    SOCKETS, refusedEarly.get(), closedByServer.get(), HOLD.toSeconds());
            assertThat(closedByServer.get()).as("every flood socket closed by the server within its time limits")
                    .isEqualTo(SOCKETS);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            writers.shutdownNow();
            writers.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(sup.process.isAlive()).as("the supervisor survived the flood").isTrue();
        String after = ItSupport.await("the web server answering again", WAIT, () -> {
            try {
                String a = get(web, "/health");
                return a.startsWith("HTTP/1.1 200") ? a : null;
            } catch (IOException e) {
                return null;
            }
        });
        assertThat(after).contains("\"status\"");
        assertThat(sup.supervisorLog()).doesNotContain("OutOfMemoryError");
    }

    /** Whether the server has closed its end: a read returns EOF or the connection was reset. */
    private static boolean serverClosed(Socket s) {
        try {
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            while (true) {
                if (in.read(b) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A plain HTTP/1.0 GET; the whole answer as text. */
    private static String get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
