package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.status.RestartLog;
import io.ultrareliability.supervisor.status.RestartRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts restarts, keeps the newest records (restart_history) and appends each to the log. */
final class RestartJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RestartJournal.class);
    private final int historySize;
    private final RestartLog log;
    private final Deque<RestartRecord> history = new ArrayDeque<>();
    private int count;

    RestartJournal(int historySize, RestartLog log) {
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be >= 1");
        }
        this.historySize = historySize;
        this.log = requireNonNull(log, "log is null");
    }

    /** The number the next record carries. */
    int next() {
        return count + 1;
    }

    void add(RestartRecord record) {
        count = record.restarts();
        history.addFirst(record);
        while (history.size() > historySize) {
            history.removeLast();
        }
        try {
            log.append(record);
        } catch (RuntimeException e) {
            // A full disk must not stop a restart: the record is still in the status file.
            LOG.warn("cannot append to the restart log: {}", e.getMessage());
        }
    }

    int count() {
        return count;
    }

    /** Latest first. */
    List<RestartRecord> history() {
        return List.copyOf(history);
    }
}
