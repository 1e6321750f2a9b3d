package io.ultrareliability.bot.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * One {@code GET} to our own health server over a plain socket. Used by the AOT training run to
 * serve a real request; a plain {@link Socket} (which OkHttp uses anyway) instead of the JDK's
 * HttpClient keeps classes the real run never loads out of the cache.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    /** @return the HTTP status code of the answer */
    public static int get(String host, int port, String path, Duration timeout) throws IOException {
        requireNonNull(host, "host is null");
        requireNonNull(path, "path is null");
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = firstLine(in);
            while (in.read() != -1) {
                // read the answer to its end, so the server never writes into a closed socket
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: '" + statusLine + "'");
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line: '" + statusLine + "'");
            }
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
