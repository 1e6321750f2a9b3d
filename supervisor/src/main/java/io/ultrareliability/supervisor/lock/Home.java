package io.ultrareliability.supervisor.lock;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.status.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** ULTRA_HOME and the files in it (design.md, "Files"). */
public record Home(Path root) {
    public Home {
        root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    /** ULTRA_HOME from the environment, else the working directory. */
    public static Home fromEnv(Map<String, String> env) {
        String h = env.get("ULTRA_HOME");
        return new Home(h == null || h.isBlank() ? Path.of("") : Path.of(h));
    }

    public Path runDir() {
        return root.resolve("run");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Path lockFile() {
        return runDir().resolve("supervisor.lock");
    }

    public Path pidFile() {
        return runDir().resolve("supervisor.pid");
    }

    public Path childPidFile() {
        return runDir().resolve("child.pid");
    }

    /** issue 17: the keeper's PID and start time, as {@link #childPidFile()} for the bot. */
    public Path keeperPidFile() {
        return runDir().resolve("keeper.pid");
    }

    /**
     * issue 17: written by {@code stop} (with the supervisor's PID) before its SIGTERM: this
     * shutdown ends the Discord session on purpose. Any other shutdown keeps it resumable.
     */
    public Path endSessionFile() {
        return runDir().resolve("stop-ends-session");
    }

    public Path statusFile() {
        return root.resolve("ultra_reliability_status.json");
    }

    public Path autoRestartLog() {
        return logsDir().resolve("auto_restart.log");
    }

    public Path daemonOut() {
        return logsDir().resolve("supervisor.out");
    }

    /** run/ and logs/, 0700 (tightened when an older version left them 0755). */
    public void createDirs() throws IOException {
        PrivateFiles.directory(runDir());
        PrivateFiles.directory(logsDir());
    }
}
