package io.ultrareliability.supervisor.status;

/** Where status snapshots go (the status file; later sd_notify and the HTTP API). */
@FunctionalInterface
public interface StatusSink {
    /** Called from the supervisor loop: must not block for long. */
    void publish(StatusSnapshot snapshot);
}
