package io.ultrareliability.supervisor.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped unit passes systemd's own offline checks and keeps the promised settings. */
class SystemdUnitIT {
    private static final Path UNIT = Repo.root().resolve("systemd/ultra-reliability.service");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit() throws Exception {
        // verify checks that ExecStart exists: point the unit at this checkout.
        Path unit = tmp.resolve("ultra-reliability.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/ultra-reliability", Repo.root().toString()));
        ProcessRun run = ProcessRun.run(tmp, Map.of("PATH", System.getenv("PATH")), 60,
                List.of("systemd-analyze", "verify", unit.toString()));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // Only the restart ramp may be unknown (systemd < 254 ignores it); nothing else.
        List<String> complaints = Arrays.stream((run.stdout() + run.stderr()).split("\n"))
                .filter(l -> !l.isBlank())
                .filter(l -> !l.contains("RestartSteps") && !l.contains("RestartMaxDelaySec"))
                .toList();
        assertThat(complaints).as("systemd-analyze verify output").isEmpty();
    }

    @Test
    void unitKeepsTheSupervisorAliveAndHardened() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        assertThat(lines).contains(
                "Type=notify", "Restart=always", "RestartSec=1", "StartLimitIntervalSec=0",
                "WatchdogSec=30", "KillMode=mixed", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "PrivateTmp=yes", "ProtectHome=yes",
                "LoadCredential=discord_token:/etc/ultra-reliability/discord_token",
                "ReadWritePaths=/var/lib/ultra-reliability",
                "Environment=ULTRA_HOME=/var/lib/ultra-reliability");
        assertThat(lines).anyMatch(l -> l.startsWith("RestartSteps="))
                .anyMatch(l -> l.startsWith("RestartMaxDelaySec="))
                .anyMatch(l -> l.startsWith("RestrictAddressFamilies="));
        // The supervisor stops the bot, then the keeper (issue 17), 15 s grace each: systemd must wait longer.
        int timeoutStop = lines.stream().filter(l -> l.startsWith("TimeoutStopSec="))
                .map(l -> Integer.parseInt(l.substring("TimeoutStopSec=".length()))).findFirst().orElseThrow();
        assertThat(timeoutStop).isGreaterThan(30);
        // An OutOfMemoryError ends the supervisor (then Restart=always): the unit runs the launcher
        // and leaves the JVM flags to its one argument file (no second copy to drift).
        String launcher = Files.readString(Repo.root().resolve("scripts/ultra-reliability"));
        assertThat(launcher).contains("@$UR_SRC/scripts/lib/supervisor-jvm.args");
        List<String> args = Files.readAllLines(Repo.root().resolve("scripts/lib/supervisor-jvm.args")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        assertThat(args).contains("-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1").doesNotContain("-Xint");
        assertThat(lines).noneMatch(l -> l.startsWith("Environment=") && l.contains("ULTRA_SUPERVISOR_JAVA_OPTS"));
        // The token never appears on a command line.
        assertThat(lines).noneMatch(l -> l.startsWith("ExecStart") && l.toLowerCase().contains("token"));
    }
}
