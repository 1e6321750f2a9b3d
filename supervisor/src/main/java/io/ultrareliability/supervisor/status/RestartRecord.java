package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.process.ChildExit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One restart: an entry of {@code restart_history} and a line of {@code auto_restart.log}.
 *
 * @param exit how the old child ended, null when there was none (restart from backoff/fatal)
 * @param oldPid the old child's PID, 0 when there was none
 * @param lastOutput the old child's last output lines (status file only, not the log line)
 */
public record RestartRecord(Instant at, RestartReason reason, ChildExit exit, Duration uptime,
        Duration nextDelay, long oldPid, int restarts, boolean crashLoop, String detail, List<String> lastOutput) {
    public RestartRecord {
        requireNonNull(at, "at is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(uptime, "uptime is null");
        requireNonNull(nextDelay, "nextDelay is null");
        detail = detail == null ? "" : detail;
        lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
    }

    /** The auto_restart.log line: key=value pairs, one restart per line. */
    public String logLine() {
        return at + " reason=" + reason.jsonName()
                + " exit_code=" + (exit == null || exit.bySignal() ? "-" : Integer.toString(exit.code()))
                + " signal=" + (exit != null && exit.bySignal() ? io.ultrareliability.supervisor.process.Posix.signalName(exit.signal()) : "-")
                + " uptime=" + String.format(java.util.Locale.ROOT, "%.3fs", uptime.toMillis() / 1000.0)
                + " next_delay=" + nextDelay.toMillis() + "ms"
                + " pid=" + (oldPid == 0 ? "-" : Long.toString(oldPid))
                + " restarts=" + restarts
                + (crashLoop ? " crash_loop=true" : "")
                + (detail.isEmpty() ? "" : " detail=\"" + detail.replace('"', '\'').replace('\n', ' ') + "\"");
    }
}
