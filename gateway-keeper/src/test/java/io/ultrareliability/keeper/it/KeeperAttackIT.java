package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keeper's listener under attack (slow sockets, a huge header, a body, a flood of requests
 * and connections) while a bot stays connected: the bot keeps getting every dispatch, the
 * keeper's memory and threads stay bounded, and it serves again once the attack stops.
 */
class KeeperAttackIT extends WithKeeperStack {
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeOwnResources() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static String raw(int port, String request) throws Exception {
        return raw(port, request, 10_000);
    }

    private static String raw(int port, String request, int timeoutMs) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void slowSocketsHugeHeadersBodiesAndFloodsDoNotReachTheBot() throws Exception {
        start(1, Map.of("KEEPER_MAX_CONNECTIONS", "16"));
        int port = Integer.parseInt(stack.keeperUrl().replaceAll(".*:", ""));
        try (RawGateway bot = RawGateway.connect(stack.keeperGateway())) {
            bot.next(Duration.ofSeconds(10));
            bot.identify(KeeperStack.TOKEN);
            bot.until("GUILD_CREATE", Duration.ofSeconds(20));
            bot.heartbeatEvery(1000);

            assertThat(raw(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(16_384) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431");
            assertThat(raw(port, "POST /admin/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"))
                    .startsWith("HTTP/1.1 413");

            // Slow sockets: half a request line each, then nothing, up to (and past) the cap.
            for (int i = 0; i < 24; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = s.getOutputStream();
                out.write("GET /heal".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(s);
            }
            // A flood of requests on top, from 32 threads.
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> flood = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                flood.add(pool.submit(() -> {
                    try {
                        raw(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2000);
                    } catch (Exception e) {
                        // refused or timed out under the cap: that is the point
                    }
                }));
            }
            // While flooded, the health route still answers within a bound: the slow sockets
            // hold the cap at most the header deadline (1 s), the flood's requests are short.
            long asked = System.nanoTime();
            Waits.until(Duration.ofSeconds(30), "/health answered during the flood",
                    () -> Waits.get(stack.keeperUrl() + "/health", null).statusCode() == 200);
            System.out.printf("/health during the attack answered after %d ms%n",
                    (System.nanoTime() - asked) / 1_000_000);
            for (int i = 0; i < 20; i++) {
                stack.sim.faults().injectMessage(stack.sim.firstTextChannelId(), "under attack " + i);
            }
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < 20 && System.nanoTime() < deadline) {
                JsonNode f = bot.next(Duration.ofSeconds(30));
                if ("MESSAGE_CREATE".equals(f.path("t").asText())) {
                    got.add(f.path("d").path("content").asText());
                }
            }
            assertThat(got).as("the connected bot got every message during the attack").hasSize(20)
                    .startsWith("under attack 0").endsWith("under attack 19");
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("the flood finished (bounded)").isTrue();

            // The slow sockets are cut by the idle timeout; the keeper serves again.
            Waits.until(Duration.ofSeconds(60), "the keeper answers /health again after the attack",
                    () -> Waits.get(stack.keeperUrl() + "/health", null).statusCode() == 200);
            assertThat(bot.closeCode.isDone()).as("the bot's socket survived").isFalse();
            assertThat(stack.keeper().alive()).isTrue();
        }
    }

    /**
     * Slow sockets (half a request line, then nothing) fill the connection cap while a bot holds
     * one slot: {@code /health}, the supervisor's probe, still answers within about a second,
     * because a connection that has not completed its headers within the 1 s header deadline
     * is cut (the 5 s idle timeout alone made it wait 10.2 s). The bot keeps its socket.
     */
    @Test
    void healthAnswersWithinAboutASecondWhileSlowSocketsHoldTheConnectionCap() throws Exception {
        start(1, Map.of("KEEPER_MAX_CONNECTIONS", "16"));
        int port = Integer.parseInt(stack.keeperUrl().replaceAll(".*:", ""));
        try (RawGateway bot = RawGateway.connect(stack.keeperGateway())) {
            bot.next(Duration.ofSeconds(10));
            bot.identify(KeeperStack.TOKEN);
            bot.until("GUILD_CREATE", Duration.ofSeconds(20));
            bot.heartbeatEvery(1000);
            for (int i = 0; i < 24; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write("GET /heal".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            long asked = System.nanoTime();
            String answer = raw(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 15_000);
            long tookMs = (System.nanoTime() - asked) / 1_000_000;
            System.out.printf("/health with the cap held by slow sockets answered after %d ms%n", tookMs);
            assertThat(answer).startsWith("HTTP/1.1 200");
            // 1 s deadline plus scheduling on a loaded machine; the idle timeout alone would be 5 s or more.
            assertThat(tookMs).as("/health waited for a slot (ms)").isLessThan(3_000);

            // The first slow socket was accepted at once and then cut at the deadline: the keeper closed it.
            Socket first = sockets.getFirst();
            first.setSoTimeout(15_000);
            assertThat(first.getInputStream().read()).as("the keeper closed a slow socket").isEqualTo(-1);
            assertThat(bot.closeCode.isDone()).as("the bot's socket survived").isFalse();
        }
    }
}
