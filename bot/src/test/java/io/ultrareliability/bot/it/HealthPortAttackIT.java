package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's attacks on the health port, reproduced on loopback against the real bot process:
 * slow sockets, a 400 MB POST, and a burst of reconnect requests. Each must cost a request at
 * most: /health keeps answering 200 within the supervisor's probe timeout, RSS stays put, and
 * no IDENTIFY is spent.
 */
class HealthPortAttackIT extends AgainstTheSimulator {
    /** The supervisor's default probe timeout: a slower /health counts as a failure. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private BotProcess bot(GatewaySim sim) throws IOException {
        BotProcess bot = botOn(sim);
        bot.awaitHealthy(Duration.ofSeconds(30));
        return bot;
    }

    /** /health answered 200 within the probe timeout, every 200 ms for {@code d}. */
    private static void healthStaysUp(BotProcess bot, Duration d) {
        long end = System.nanoTime() + d.toNanos();
        int probes = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            assertThat(bot.healthStatus()).as("GET /health during the attack (probe %d)", probes).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as("latency of probe %d", probes)
                    .isLessThan(PROBE_TIMEOUT);
            probes++;
            BotProcess.sleep(200);
        }
    }

    @Test
    void slowSocketsNeitherStarveHealthNorStayOpen() throws Exception {
        BotProcess bot = bot(sim());
        List<Socket> slow = new ArrayList<>();
        try {
            // 16 sockets (the issue needed 4) that dribble a never-ending header, a byte every 300 ms
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", bot.healthPort());
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            AtomicLong dribbled = new AtomicLong();
            CompletableFuture<Void> dribble = CompletableFuture.runAsync(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
                while (System.nanoTime() < end) {
                    for (Socket s : slow) {
                        try {
                            s.getOutputStream().write('a');
                            dribbled.incrementAndGet();
                        } catch (IOException closedByTheBot) {
                            // expected once the request time limit is over
                        }
                    }
                    BotProcess.sleep(300);
                }
            });
            healthStaysUp(bot, Duration.ofSeconds(8));
            dribble.get(20, TimeUnit.SECONDS);
            // the bot closes a request that has not arrived in 5 s: every slow socket sees EOF/reset
            for (Socket s : slow) {
                s.setSoTimeout(10_000);
                assertThat(readUntilClosed(s.getInputStream())).as("slow socket closed by the bot").isTrue();
            }
            assertThat(dribbled.get()).isPositive();
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertThat(bot.process().isAlive()).isTrue();
    }

    /** True when the peer closed (EOF or reset) before the socket's read timeout. */
    private static boolean readUntilClosed(InputStream in) {
        try {
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // an error answer may come first; read on to the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void a400MegabytePostIsRefusedUnreadAndRssStaysPut() throws Exception {
        BotProcess bot = bot(sim());
        long rssBefore = bot.rssBytes();
        long declared = 400L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        CompletableFuture<String> attack = CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket("127.0.0.1", bot.healthPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + declared + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try {
                    while (sent.get() < declared && System.nanoTime() < end) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException closedByTheBot) {
                    return "closed";
                }
                return "accepted";
            } catch (IOException e) {
                return "closed";
            }
        });
        healthStaysUp(bot, Duration.ofSeconds(3));
        assertThat(attack.get(30, TimeUnit.SECONDS)).as("the bot closes the connection instead of reading 400 MB")
                .isEqualTo("closed");
        assertThat(sent.get()).as("bytes the bot let in before closing").isLessThan(32L * 1024 * 1024);
        long rssAfter = bot.rssBytes();
        assertThat(rssAfter - rssBefore).as("RSS growth (before %d, after %d)", rssBefore, rssAfter)
                .isLessThan(48L * 1024 * 1024);
        healthStaysUp(bot, Duration.ofSeconds(1));
    }

    @Test
    void reconnectRequestsWithoutTheSecretOrFromABrowserCostNoIdentify() throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = bot(sim);
        long identifies = sim.stats().identifies();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(raw(bot.healthPort(), "POST /reconnect HTTP/1.1\r\nHost: 127.0.0.1:" + bot.healthPort()
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        }
        answers.add(raw(bot.healthPort(), "POST /reconnect HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://evil.example"
                + "\r\nAuthorization: Bearer " + BotProcess.CONTROL_SECRET + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        assertThat(answers.subList(0, 30)).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 401"));
        assertThat(answers.get(30)).startsWith("HTTP/1.1 403");

        // with the secret: one forced reconnect, then 429 with Retry-After for the rest of the minute
        assertThat(bot.post("/reconnect?wait=15s").statusCode()).isEqualTo(200);
        for (int i = 0; i < 29; i++) {
            var r = bot.post("/reconnect");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
        bot.awaitHealthy(Duration.ofSeconds(10));
        assertThat(sim.stats().identifies() - identifies).as("IDENTIFYs spent by 60 reconnect requests").isEqualTo(1);
        assertThat(bot.everything()).doesNotContain(TOKEN).doesNotContain(BotProcess.CONTROL_SECRET);
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
