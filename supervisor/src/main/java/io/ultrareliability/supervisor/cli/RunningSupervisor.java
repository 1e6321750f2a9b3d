package io.ultrareliability.supervisor.cli;

import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.lock.PidFiles;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
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
    static StatusSnapshot status(Home home) {
        try {
            return StatusJson.read(Files.readAllBytes(home.statusFile()));
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
