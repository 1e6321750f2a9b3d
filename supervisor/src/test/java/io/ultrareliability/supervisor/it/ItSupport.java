package io.ultrareliability.supervisor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Paths, commands and waiting for the integration tests. */
final class ItSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path JAR = MODULE.resolve("target/supervisor.jar");
    static final Path TEST_CLASSES = MODULE.resolve("target/test-classes");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private ItSupport() {
    }

    /** A free port on 127.0.0.1 (free now; good enough for a test child that binds at once). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The supervisor's production JVM options, as a java argument file (scripts/lib/supervisor-jvm.args,
     * the launcher's): for ITs whose point depends on them (heap limit, exit on OutOfMemoryError).
     */
    static final String SUPERVISOR_JVM_ARGS = "@" + MODULE.toAbsolutePath().getParent()
            .resolve("scripts/lib/supervisor-jvm.args");

    /** The fake child as a command list, for child.command. */
    static List<String> fakeChild(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-Xss512k", "-Xmx512m", "-cp", TEST_CLASSES.toString(),
                "io.ultrareliability.supervisor.testkit.FakeChild"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The supervisor CLI as a command list. */
    static List<String> cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Polls until the supplier yields non-null, or fails naming what it waited for. */
    static <T> T await(String what, Duration max, Supplier<T> probe) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Live (non-zombie) processes whose process group is pgid, from /proc. */
    static List<Long> groupMembers(long pgid) {
        List<Long> out = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f = statFields(Long.parseLong(name));
                if (f != null && Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
                    out.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** /proc/PID/stat fields from field 3 (state) on; null when gone. */
    static String[] statFields(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static boolean alive(long pid) {
        String[] f = statFields(pid);
        return f != null && !f[0].equals("Z");
    }

    static void signal(long pid, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
