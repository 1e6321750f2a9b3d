package io.ultrareliability.sim.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the discord.js probe ({@code gateway-sim/src/test/node/discordjs-probe}) into a work
 * directory and runs {@code npm ci} there, once per lock file: node_modules and the npm log
 * stay under the caller's {@code target/}, never in the source tree. Node.js 18+ and npm must
 * be on PATH ({@code scripts/test} installs them with apt when they are missing); without them
 * this fails, it does not skip.
 */
final class ProbeInstall {
    /** System property naming the probe's source directory (else it is looked for upwards from user.dir). */
    static final String SOURCES_PROPERTY = "ultra.discordjs.probe.dir";
    static final String RELATIVE = "src/test/node/discordjs-probe";
    static final List<String> FILES = List.of("package.json", "package-lock.json", "probe.js");
    static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration NODE_VERSION_TIMEOUT = Duration.ofSeconds(20);
    private static final int MIN_NODE_MAJOR = 18;
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final String STAMP = ".probe-installed";

    private ProbeInstall() {
    }

    static Path sources() {
        String configured = System.getProperty(SOURCES_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("package.json"))) {
                throw new IllegalStateException(SOURCES_PROPERTY + "=" + configured + " holds no package.json");
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(RELATIVE), dir.resolve("gateway-sim").resolve(RELATIVE))) {
                if (Files.isRegularFile(candidate.resolve("package.json"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("discord.js probe sources (gateway-sim/" + RELATIVE + ") not found above "
                + start + "; set -D" + SOURCES_PROPERTY);
    }

    /** The node version ({@code v20.20.2}); fails with what to install when node is missing or too old. */
    static String nodeVersion() {
        String out;
        try {
            out = run(List.of("node", "--version"), null, NODE_VERSION_TIMEOUT, null).strip();
        } catch (IOException e) {
            throw new IllegalStateException("node not found on PATH: the discord.js probe needs Node.js "
                    + MIN_NODE_MAJOR + "+ and npm (scripts/test installs them with apt; or apt-get install nodejs npm)");
        }
        Matcher m = NODE_VERSION.matcher(out);
        if (!m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException("the discord.js probe needs Node.js " + MIN_NODE_MAJOR + "+, found '"
                    + out + "'");
        }
        return m.group();
    }

    static Path install(Path workDir) throws IOException {
        requireNonNull(workDir, "workDir is null");
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path sources = sources();
        String node = nodeVersion();
        // one installer at a time per directory, across JVMs too
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            for (String file : FILES) {
                Files.copy(sources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String stamp = sha256(dir.resolve("package-lock.json")) + " " + node;
            Path stampFile = dir.resolve(STAMP);
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)
                    && Files.isRegularFile(dir.resolve("node_modules/discord.js/package.json"))) {
                return dir;
            }
            Files.deleteIfExists(stampFile);
            Path log = dir.resolve("npm-ci.log");
            try {
                run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), dir, NPM_CI_TIMEOUT, log);
            } catch (IOException e) {
                throw new IllegalStateException("npm ci for the discord.js probe failed in " + dir + ": "
                        + e.getMessage() + "\n" + tail(log), e);
            }
            Files.writeString(stampFile, stamp);
            return dir;
        }
    }

    /**
     * Runs a command to completion within {@code timeout}; its output goes to {@code log} (or is
     * returned when {@code log} is null). A non-zero exit or a timeout is an IOException.
     */
    private static String run(List<String> command, Path dir, Duration timeout, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path out = log != null ? log : Files.createTempFile("probe-cmd", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (log == null) {
                Files.deleteIfExists(out);
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no npm log: " + e.getMessage() + ")";
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
