package io.ultrareliability.supervisor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child's /health that does not play by the rules, from a raw socket server on 127.0.0.1
 * port 0: an endless body, a slow drip, a huge head. Each is one failed probe, bounded in
 * time by the probe timeout and in memory by the caps.
 */
class HttpHealthCheckerHostileTest {
    /** What the fake child does with one accepted connection. */
    private interface Behaviour {
        void serve(Socket s) throws IOException, InterruptedException;
    }

    private ServerSocket server;
    private Thread acceptor;
    private volatile Behaviour behaviour;
    private final AtomicLong bytesSent = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]); // the request head
                    behaviour.serve(s);
                } catch (IOException e) {
                    // the prober hung up or the server closed: next
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fake-child");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.interrupt();
        acceptor.join(5_000);
    }

    private HealthResult check(Duration timeout) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/health");
        return new HttpHealthChecker(url, timeout, Runnable::run).check().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void write(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b);
        bytesSent.addAndGet(b.length);
    }

    @Test
    void anEndlessBodyWithoutALengthStopsAtTheCap() throws Exception {
        behaviour = s -> {
            OutputStream out = s.getOutputStream();
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"pad\":\"");
            String chunk = "x".repeat(8192);
            for (int i = 0; i < 100_000; i++) { // 800 MB if nobody stops reading
                write(out, chunk);
            }
        };
        HealthResult r = check(Duration.ofSeconds(10));
        assertThat(r.ok()).isFalse();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.error()).contains("body over the 64 KiB cap").contains("before the connection closed");
        // The prober hung up after the cap: the server could not push much more than the socket buffers.
        assertThat(bytesSent.get()).isLessThan(100_000L * 8192);
    }

    @Test
    void aSlowDripIsCutAtTheTimeoutNotPerRead() throws Exception {
        behaviour = s -> {
            OutputStream out = s.getOutputStream();
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            for (int i = 0; i < 1000; i++) { // one byte every 50 ms: each read is quick, the whole is 50 s
                out.write('x');
                out.flush();
                Thread.sleep(50);
            }
        };
        long t0 = System.nanoTime();
        HealthResult r = check(Duration.ofMillis(600));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("timed out");
        assertThat(ms).as("probe time, ms").isLessThan(10_000); // bounded by the timeout, not by 1000 x 50 ms
    }

    @Test
    void aHugeHeadIsAFailedProbe() throws Exception {
        behaviour = s -> {
            OutputStream out = s.getOutputStream();
            write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 1000; i++) {
                write(out, "X-Pad-" + i + ": " + "y".repeat(1000) + "\r\n");
            }
            write(out, "Content-Length: 2\r\n\r\n{}");
        };
        HealthResult r = check(Duration.ofSeconds(10));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("head over 16 KiB");
    }

    @Test
    void notHttpAtAllIsAFailedProbe() throws Exception {
        behaviour = s -> write(s.getOutputStream(), "SSH-2.0-OpenSSH_9.2\r\n");
        HealthResult r = check(Duration.ofSeconds(10));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("not an HTTP/1.x answer");
    }

    @Test
    void aBodyEndedByCloseWithinTheCapIsRead() throws Exception {
        behaviour = s -> write(s.getOutputStream(),
                "HTTP/1.0 200 OK\r\n\r\n{\"last_heartbeat_ack\":\"2026-11-23T10:00:00Z\"}");
        HealthResult r = check(Duration.ofSeconds(10));
        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.lastHeartbeatAck()).isNotNull();
    }

    @Test
    void aTruncatedBodyIsAFailedProbe() throws Exception {
        behaviour = s -> write(s.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"status\"");
        HealthResult r = check(Duration.ofSeconds(10));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("connection closed after 9 of 100 body bytes");
    }
}
