package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run/web.port}: where the running supervisor's web server listens, for
 * {@link ControlClient}. Lines of {@code key=value}: {@code port}, {@code host}, {@code pid} and
 * {@code pid_start} (the supervisor's process start time), so a file left behind by a killed
 * supervisor is recognised as stale and the token is never sent to whoever took the port since.
 */
public record WebPortFile(String host, int port, long pid, Optional<Instant> pidStart) {
    public static final String FILE_NAME = "web.port";

    public WebPortFile {
        requireNonNull(host, "host is null");
        requireNonNull(pidStart, "pidStart is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** This JVM listening on {@code host:port}. */
    static WebPortFile ofThisProcess(String host, int port) {
        ProcessHandle me = ProcessHandle.current();
        return new WebPortFile(host, port, me.pid(), me.info().startInstant());
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("port=").append(port).append('\n');
        sb.append("host=").append(host).append('\n');
        sb.append("pid=").append(pid).append('\n');
        pidStart.ifPresent(t -> sb.append("pid_start=").append(t).append('\n'));
        return sb.toString();
    }

    /** Written to a temp file and renamed, so a reader sees the old file or the whole new one. */
    void write(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path tmp = Files.createTempFile(runDir, "." + FILE_NAME + ".", ".tmp");
        try {
            Files.writeString(tmp, render(), StandardCharsets.UTF_8);
            Files.move(tmp, runDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the file if it is still this one (same port and pid). */
    void deleteIfOurs(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        Optional<WebPortFile> current;
        try {
            current = read(runDir);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (current.isPresent() && current.get().port == port && current.get().pid == pid) {
            Files.deleteIfExists(file);
        }
    }

    /** Empty when there is no file; a file that does not parse throws IllegalArgumentException. */
    public static Optional<WebPortFile> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        try {
            int port = Integer.parseInt(kv.getOrDefault("port", ""));
            long pid = Long.parseLong(kv.getOrDefault("pid", "0"));
            Optional<Instant> start = kv.containsKey("pid_start")
                    ? Optional.of(Instant.parse(kv.get("pid_start"))) : Optional.empty();
            return Optional.of(new WebPortFile(kv.getOrDefault("host", WebServerConfig.DEFAULT_HOST), port, pid, start));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(file + " does not parse (" + e.getMessage() + ")", e);
        }
    }

    /** True when the process that wrote the file still runs (same PID and start time). */
    boolean writerAlive() {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        if (pidStart.isEmpty()) {
            return true;
        }
        Optional<Instant> actual = ph.get().info().startInstant();
        return actual.isEmpty() || actual.get().equals(pidStart.get());
    }
}
