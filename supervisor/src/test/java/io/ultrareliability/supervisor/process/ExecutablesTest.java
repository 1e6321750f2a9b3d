package io.ultrareliability.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectoryAndNotExecutableAreNamed() throws Exception {
        Path script = dir.resolve("bot.sh");
        assertThat(Executables.problem(script.toString(), dir, "/usr/bin")).endsWith(script + " does not exist");
        assertThat(Executables.problem(dir.toString(), dir, "/usr/bin")).endsWith("is a directory");
        Files.writeString(script, "#!/bin/sh\n");
        assertThat(Executables.problem(script.toString(), dir, "/usr/bin")).contains("is not executable");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        assertThat(Executables.problem(script.toString(), dir, "/usr/bin")).isNull();
        assertThat(Executables.problem("./bot.sh", dir, "/usr/bin")).isNull();
    }

    @Test
    void aBareNameIsLookedUpInPath() {
        assertThat(Executables.problem("sh", dir, "/nonexistent:/bin:/usr/bin")).isNull();
        assertThat(Executables.problem("no-such-program-4242", dir, "/bin:/usr/bin"))
                .isEqualTo("child.command: 'no-such-program-4242' not found in PATH (/bin:/usr/bin)");
    }

    @Test
    void theDaemonsCommandLinesAreRecognisedAndTheCliCallsAreNot() {
        assertThat(ProcFs.isSupervisorCommand(List.of("java", "-Xmx48m", "-jar", "/s/supervisor/target/supervisor.jar",
                "run"))).isTrue();
        assertThat(ProcFs.isSupervisorCommand(List.of("java", "-cp", "/s/supervisor.jar",
                "io.ultrareliability.supervisor.UltraReliabilityMain", "run", "--daemon"))).isTrue();
        assertThat(ProcFs.isSupervisorCommand(List.of("java", "-jar", "/s/supervisor.jar", "status"))).isFalse();
        assertThat(ProcFs.isSupervisorCommand(List.of("cat", "supervisor.jar", "run"))).isFalse();
    }
}
