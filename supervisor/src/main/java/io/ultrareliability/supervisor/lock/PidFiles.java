package io.ultrareliability.supervisor.lock;

import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** PID files holding a PID and its start time (see {@link ProcessIdentity#toFileText()}). */
public final class PidFiles {
    private PidFiles() {
    }

    public static void write(Path file, ProcessIdentity id) throws IOException {
        write(file, id, true);
    }

    /** @param durable false on the restart path: an fsync there delays the next child */
    public static void write(Path file, ProcessIdentity id, boolean durable) throws IOException {
        AtomicFiles.write(file, id.toFileText().getBytes(StandardCharsets.UTF_8), durable);
    }

    /** The recorded identity, or null when the file is missing or garbled. */
    public static ProcessIdentity read(Path file) {
        try {
            return ProcessIdentity.parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The recorded process if it is still the very same one (PID and start time match);
     * null for a missing or stale file or a PID the kernel gave to someone else.
     */
    public static ProcessIdentity readLive(Path file) {
        ProcessIdentity id = read(file);
        return id != null && id.isAlive() ? id : null;
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Nothing to do: a leftover file is recognised as stale by its start time.
        }
    }
}
