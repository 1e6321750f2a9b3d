package io.ultrareliability.supervisor.probe;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One {@code GET} over a plain socket with one deadline for everything (connect, head, body)
 * and caps on the head and the body. The supervisor's probe target is a loopback
 * {@code http://} URL: the JDK HttpClient cost ~500 classes (with the TLS stack it initialises
 * even for {@code http://}), a selector thread and several MiB of the supervisor's RSS for it
 * (docs/perf.md). HTTP/1.1 with {@code Connection: close}; the body may be sized by
 * {@code Content-Length}, chunked, or end with the connection.
 */
final class HttpGet {
    /** The answer: status code and body text (UTF-8). */
    record Answer(int status, String body) {
        Answer {
            requireNonNull(body, "body is null");
        }
    }

    /** The answer broke a rule (a cap, the syntax): a failed probe with this message. */
    static final class BadAnswerException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadAnswerException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** No complete answer before the deadline. */
    static final class DeadlineException extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlineException(String message) {
            super(message);
        }
    }

    static final int MAX_HEAD = 16 * 1024;

    private final URI url;
    private final int maxBody;
    private final byte[] request;

    HttpGet(URI url, int maxBody) {
        this.url = requireNonNull(url, "url is null");
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("not an http:// URL with a host: " + url);
        }
        if (maxBody < 1) {
            throw new IllegalArgumentException("maxBody must be positive: " + maxBody);
        }
        this.maxBody = maxBody;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                + "User-Agent: ultra-reliability-supervisor\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** GETs the URL; every step ends by {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    Answer fetch(long deadlineNanos) throws IOException {
        int port = url.getPort() < 0 ? 80 : url.getPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port), remainingMillis(deadlineNanos, "connect"));
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            Reader in = new Reader(s, deadlineNanos);
            int status = statusLine(in.line(MAX_HEAD));
            long length = -1;
            boolean chunked = false;
            int headBytes = 0;
            for (String h = in.line(MAX_HEAD); !h.isEmpty(); h = in.line(MAX_HEAD)) {
                headBytes += h.length() + 2;
                if (headBytes > MAX_HEAD) {
                    throw new BadAnswerException(status, "answer head over " + MAX_HEAD / 1024 + " KiB");
                }
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = contentLength(status, value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = chunked(in, status);
            } else if (length >= 0) {
                if (length > maxBody) {
                    throw tooLarge(status, "Content-Length " + length);
                }
                body = in.exactly((int) length);
            } else {
                body = in.untilEnd(maxBody + 1);
                if (body.length > maxBody) {
                    throw tooLarge(status, "over " + maxBody + " bytes before the connection closed");
                }
            }
            return new Answer(status, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new DeadlineException("no complete answer within the timeout (" + e.getMessage() + ")");
        }
    }

    private BadAnswerException tooLarge(int status, String what) {
        return new BadAnswerException(status, "HTTP " + status + " with a body over the " + capText() + " cap (" + what
                + "): not a health answer");
    }

    private String capText() {
        return maxBody % 1024 == 0 ? maxBody / 1024 + " KiB" : maxBody + " bytes";
    }

    private byte[] chunked(Reader in, int status) throws IOException {
        byte[] all = new byte[0];
        while (true) {
            String line = in.line(256);
            int semi = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new BadAnswerException(status, "bad chunk size line");
            }
            if (size < 0) {
                throw new BadAnswerException(status, "bad chunk size line");
            }
            if (size == 0) {
                return all; // trailers are not read: the connection closes with the socket
            }
            if (all.length + size > maxBody) {
                throw tooLarge(status, "chunked");
            }
            byte[] chunk = in.exactly((int) size);
            byte[] grown = java.util.Arrays.copyOf(all, all.length + chunk.length);
            System.arraycopy(chunk, 0, grown, all.length, chunk.length);
            all = grown;
            if (!in.line(2).isEmpty()) {
                throw new BadAnswerException(status, "chunk not followed by CRLF");
            }
        }
    }

    private static int statusLine(String line) throws BadAnswerException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new BadAnswerException(0, "not an HTTP/1.x answer");
        }
        try {
            int code = Integer.parseInt(line.substring(9, 12));
            if (code < 100 || code > 599) {
                throw new NumberFormatException();
            }
            return code;
        } catch (NumberFormatException e) {
            throw new BadAnswerException(0, "bad HTTP status line");
        }
    }

    private static long contentLength(int status, String value) throws BadAnswerException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadAnswerException(status, "bad Content-Length");
        }
    }

    static int remainingMillis(long deadlineNanos, String step) throws DeadlineException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms < 1) {
            throw new DeadlineException("no complete answer within the timeout (at " + step + ")");
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** Buffered reads, each bounded by what is left until the deadline. */
    private static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buf = new byte[4096];
        private int pos;
        private int end;

        Reader(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        /** -1 at the end of the stream. */
        private int read() throws IOException {
            if (pos == end) {
                socket.setSoTimeout(remainingMillis(deadline, "read"));
                int n = in.read(buf);
                if (n < 0) {
                    return -1;
                }
                pos = 0;
                end = n;
            }
            return buf[pos++] & 0xff;
        }

        /** A line without its CRLF (or bare LF), at most {@code max} characters. */
        String line(int max) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = read();
                if (c < 0) {
                    throw new BadAnswerException(0, "connection closed in the middle of the answer");
                }
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                if (sb.length() >= max) {
                    throw new BadAnswerException(0, "answer line over " + max + " bytes");
                }
                sb.append((char) c);
            }
        }

        byte[] exactly(int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = read();
                if (c < 0) {
                    throw new BadAnswerException(0, "connection closed after " + i + " of " + n + " body bytes");
                }
                out[i] = (byte) c;
            }
            return out;
        }

        /** Up to {@code limit} bytes, until the peer closes. */
        byte[] untilEnd(int limit) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (out.size() < limit) {
                int c = read();
                if (c < 0) {
                    break;
                }
                out.write(c);
            }
            return out.toByteArray();
        }
    }
}
