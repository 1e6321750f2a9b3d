package io.ultrareliability.supervisor.web;

import java.util.List;
import java.util.Map;

/**
 * What the web server needs from the supervisor core. The core implements it; the web layer
 * never touches processes itself. Every method may be called from any HTTP worker thread at
 * any time, so implementations hand work over to the core's own thread (or are thread-safe).
 *
 * <p>An action the core refuses in its current state (for example {@link #startChild()} while
 * the child is running) throws {@link IllegalStateException}; the server answers 409 with the
 * exception's message, so that message must never contain a secret.
 */
public interface SupervisorControl {
    /**
     * The status document exactly as written to {@code ultra_reliability_status.json}
     * (design.md: {@code schema}, {@code updated_at}, {@code supervisor.{pid,state}},
     * {@code child.{pid,state,restarts,uptime_seconds,health{...},memory.rss_bytes}},
     * {@code backoff.next_delay_ms}, {@code crash_loop}, {@code restart_history[...]}), as nested
     * maps, lists, strings, numbers, booleans and nulls. The caller does not modify it.
     */
    Map<String, Object> statusSnapshot();

    /** The last {@code max} lines of the child's output, oldest first. */
    List<String> lastChildLogLines(int max);

    /** Restarts the child (also leaves {@code fatal}); {@code reason} is {@code manual} from the web. */
    void requestRestart(String reason);

    /** Why {@link #requestKeeperRestart} is refused without a keeper. */
    String NO_KEEPER = "this supervisor runs no keeper (keeper.enabled: false, or a child.command of one's own"
            + " without keeper.command)";

    /** Restarts the keeper (issue 17); {@code reason} is {@code manual} from the web. Refused without a keeper. */
    default void requestKeeperRestart(String reason) {
        throw new IllegalStateException(NO_KEEPER);
    }

    /** Stops the child and keeps it stopped until {@link #startChild()}. */
    void stopChild();

    /** Starts the child after {@link #stopChild()} (or out of {@code fatal}). */
    void startChild();

    /** True when the child is running and its last health probe passed. */
    boolean childHealthy();

    /**
     * Null while every part of supervision (loop, probe path, status writer) makes progress;
     * otherwise one line saying which part is late. {@code /health} answers 503 then.
     */
    default String supervisionProblem() {
        return null;
    }
}
