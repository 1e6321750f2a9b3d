package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One entry of {@code restart_history} (newest first): the status file's view of a
 * {@link RestartRecord}.
 *
 * <p>{@code exit_code} and {@code signal} say how the old process ended: one of them, or neither when
 * there was none.
 *
 * @param pid the old process's PID; left out when there was none
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonPropertyOrder({"at", "reason", "exit_code", "signal", "uptime_seconds", "next_delay_ms", "pid", "crash_loop",
        "detail", "last_output", "program"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartEntry(Instant at, RestartReason reason, Integer exitCode, String signal, double uptimeSeconds,
        long nextDelayMs, @JsonInclude(Include.NON_NULL) Long pid, boolean crashLoop, String detail,
        List<String> lastOutput, Program program) {
    public RestartEntry {
        requireNonNull(at, "at is null");
        requireNonNull(reason, "reason is null");
        pid = pid != null && pid <= 0 ? null : pid;
        detail = detail == null ? "" : detail;
        lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
        program = program == null ? Program.BOT : program; // a schema 1 file: the bot's
    }

    public RestartEntry withProgram(Program p) {
        return new RestartEntry(at, reason, exitCode, signal, uptimeSeconds, nextDelayMs, pid, crashLoop, detail,
                lastOutput, p);
    }

    public static RestartEntry of(RestartRecord r, Program program) {
        LastExit exit = LastExit.of(r.exit());
        return new RestartEntry(r.at(), r.reason(), exit == null ? null : exit.exitCode(),
                exit == null ? null : exit.signal(), r.uptime().toMillis() / 1000.0, r.nextDelay().toMillis(),
                r.oldPid(), r.crashLoop(), r.detail(), r.lastOutput(), program);
    }

    /** Newest first, as the journal keeps them. */
    public static List<RestartEntry> of(List<RestartRecord> records, Program program) {
        return records.stream().map(r -> of(r, program)).toList();
    }
}
