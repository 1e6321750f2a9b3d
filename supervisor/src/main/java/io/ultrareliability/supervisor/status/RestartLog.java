package io.ultrareliability.supervisor.status;

/** Receives one record per restart ({@code logs/auto_restart.log}). */
@FunctionalInterface
public interface RestartLog {
    void append(RestartRecord record);
}
