package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Paths of the jars under test, the JDK, ports and plain HTTP for the end-to-end tests. */
public final class E2e {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private E2e() {
    }

    /** The checkout: system property e2e.root (set by the pom), else the parent of the working directory. */
    public static Path root() {
        String prop = System.getProperty("e2e.root");
        Path root = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("e2e"))) {
            throw new IllegalStateException("not the Ultra-Reliability checkout: " + root);
        }
        return root;
    }

    /** {@code <root>/<module>/target/<module>.jar}, which must exist (the reactor builds it first). */
    public static Path jar(String module) {
        Path jar = root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with mvn -pl e2e -am verify (package first)");
        }
        return jar;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET; status -1 when nothing answered (refused, timed out). */
    public static Answer get(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    public static Answer post(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public static Answer post(String url, String json, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** Parses JSON, or null when the text is not JSON. */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    public static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An HTTP answer: status (-1 = no answer) and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            return parse(body);
        }
    }
}
