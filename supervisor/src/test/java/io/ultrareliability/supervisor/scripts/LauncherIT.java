package io.ultrareliability.supervisor.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher finds a JDK 21+ by itself, whatever java the machine puts first. */
class LauncherIT {
    private static final Path ROOT = Repo.root();
    private static final Path LAUNCHER = ROOT.resolve("scripts/ultra-reliability");

    @TempDir
    Path tmp;

    /** A PATH whose first java is the given one, and the usual system tools after it. */
    private Map<String, String> envWithJavaOnPath(Path javaBin) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.deleteIfExists(bin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("java"), javaBin);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", System.getProperty("user.home"));
        return env;
    }

    /** A java older than 21 on this machine (Debian's 17), or the test's own when none. */
    private static Path oldJava() {
        for (String home : List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64")) {
            if (Files.isExecutable(Path.of(home, "bin/java"))) {
                return Path.of(home, "bin/java");
            }
        }
        return null;
    }

    @Test
    void findsAJdk21WithNothingSetEvenWhenPathHasAnOldJava() throws Exception {
        Path old = oldJava();
        Map<String, String> env = envWithJavaOnPath(old != null ? old : Path.of(System.getProperty("java.home"), "bin/java"));
        ProcessRun run = ProcessRun.run(ROOT, env, 120, List.of(LAUNCHER.toString(), "--version"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("ultra-reliability ");
        int feature = Integer.parseInt(run.stdout().replaceAll("(?s).*Java (\\d+).*", "$1"));
        assertThat(feature).isGreaterThanOrEqualTo(21);
    }

    @Test
    void javaHomeOlderThan21IsPassedOver() throws Exception {
        Path old = oldJava();
        Map<String, String> env = envWithJavaOnPath(Path.of(System.getProperty("java.home"), "bin/java"));
        env.put("JAVA_HOME", old != null ? old.getParent().getParent().toString() : "/nonexistent");
        ProcessRun run = ProcessRun.run(ROOT, env, 120, List.of(LAUNCHER.toString(), "--version"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Java " + Runtime.version().feature());
    }

    @Test
    void noJdk21AnywhereIsAClearErrorNamingWhatWasFound() throws Exception {
        Path old = oldJava();
        Path fakeJava = tmp.resolve("java17");
        // A stand-in for an old java, for machines without one: answers like Java 17 does.
        Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        fakeJava.toFile().setExecutable(true);
        Map<String, String> env = envWithJavaOnPath(old != null ? old : fakeJava);
        env.put("UR_JVM_DIR", Files.createDirectories(tmp.resolve("empty-jvm")).toString());
        ProcessRun run = ProcessRun.run(ROOT, env, 60, List.of(LAUNCHER.toString(), "--version"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("needs Java 21 or newer")
                .contains("is Java 17")
                .contains("no JDK under " + tmp.resolve("empty-jvm"))
                .doesNotContain("Exception");
    }

    @Test
    void theFirstBuildShowsOneProgressLinePerModule() throws Exception {
        // Maven's own lines (as `mvn -B -ntp package` prints them) through the launcher's filter.
        String maven = """
                [INFO] Scanning for projects...
                [INFO] Reactor Build Order:
                [INFO] Ultra-Reliability bot                                              [jar]
                [INFO] -----------------< io.ultrareliability:common >------------------
                [INFO] Building Ultra-Reliability common (durations, sizes) 0.1.0         [2/6]
                [INFO] --------------------------------[ jar ]---------------------------------
                [WARNING] Building something else
                [INFO] Building Ultra-Reliability bot 0.1.0-SNAPSHOT                      [4/6]
                [INFO] BUILD SUCCESS
                """;
        Path input = Files.writeString(tmp.resolve("maven.txt"), maven);
        ProcessRun run = ProcessRun.run(ROOT, Map.of("PATH", "/usr/bin:/bin"), 30, List.of("bash", "-c",
                ". scripts/lib/build.sh && ur_build_progress < \"$1\"", "bash", input.toString()));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("  [2/6] Ultra-Reliability common (durations, sizes)\n"
                + "  [4/6] Ultra-Reliability bot\n");
    }
}
