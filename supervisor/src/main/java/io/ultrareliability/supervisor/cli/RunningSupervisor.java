package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.time.Deadline;
import io.ultrareliability.common.time.Poll;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.lock.PidFiles;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

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

    /** Polls {@code condition} every {@code interval} until it holds (true) or {@code timeout} passes (false). */
    static boolean await(BooleanSupplier condition, Duration timeout, Duration interval) {
        return await(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(),
                Deadline.after(timeout), interval).isPresent();
    }

    /**
     * Polls {@code probe} every {@code interval} until it answers or {@code deadline} passes. An
     * interrupt (nobody interrupts the CLI's thread) ends the command with an exception.
     */
    static <T> Optional<T> await(Poll.Probe<T, RuntimeException> probe, Deadline deadline, Duration interval) {
        try {
            return Poll.every(interval).first(probe, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
