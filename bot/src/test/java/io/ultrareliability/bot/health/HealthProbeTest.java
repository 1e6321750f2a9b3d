package io.ultrareliability.bot.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthProbeTest {
    @Test
    void returnsTheStatusOfARealHttpServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            byte[] body = "{\"status\":\"starting\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            assertThat(HealthProbe.get("127.0.0.1", server.getAddress().getPort(), "/health", Duration.ofSeconds(5)))
                    .isEqualTo(503);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void somethingThatIsNotHttpIsAnError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    in.read(new byte[256]);
                    s.getOutputStream().write("SSH-2.0-nope\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThatThrownBy(() -> HealthProbe.get("127.0.0.1", listener.getLocalPort(), "/health",
                    Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("not an HTTP answer: 'SSH-2.0-nope'");
            answer.get();
        }
    }

    @Test
    void nobodyListeningIsAnError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> HealthProbe.get("127.0.0.1", port, "/health", Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class);
    }
}
