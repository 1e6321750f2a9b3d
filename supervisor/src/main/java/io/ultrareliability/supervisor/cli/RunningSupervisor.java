package io.ultrareliability.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.lock.PidFiles;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.StatusJson;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** What the CLI knows about the supervisor of a home, from its PID and status files. */
final class RunningSupervisor {
    private RunningSupervisor() {
    }

    /** The live supervisor (PID and start time match the PID file), or null. */
    static ProcessIdentity find(Home home) {
        return PidFiles.readLive(home.pidFile());
    }

    /** The status file, or null when missing or unreadable. */
    static JsonNode status(Home home) {
        try {
            return StatusJson.mapper().readTree(Files.readAllBytes(home.statusFile()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
