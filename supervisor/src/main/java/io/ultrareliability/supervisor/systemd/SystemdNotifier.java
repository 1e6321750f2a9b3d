package io.ultrareliability.supervisor.systemd;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's side of systemd's notify protocol ({@code Type=notify}): READY once the
 * child is first healthy, STATUS on every state change, WATCHDOG keep-alives, STOPPING.
 * Without {@code NOTIFY_SOCKET} every call does nothing, so callers never check.
 * A failed send is logged once per kind and never stops supervision: systemd being gone
 * must not take the bot down.
 */
public final class SystemdNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final NotifySocket socket;
    private final Duration watchdogInterval;
    private volatile boolean readySent;
    private volatile boolean failureLogged;

    private SystemdNotifier(NotifySocket socket, Duration watchdogInterval) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
    }

    /** Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} from {@code env}. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env, long ownPid) {
        requireNonNull(env, "env is null");
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isBlank()) {
            return disabled();
        }
        return new SystemdNotifier(new NotifySocket(path), watchdogInterval(env, ownPid));
    }

    public static SystemdNotifier disabled() {
        return new SystemdNotifier(null, null);
    }

    /**
     * systemd's watchdog timeout for this process, if it asked for keep-alives: present only
     * when {@code WATCHDOG_USEC} is a positive number and {@code WATCHDOG_PID}, if set, is us.
     */
    static Duration watchdogInterval(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return null;
        }
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ownPid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Duration.ofNanos(micros * 1_000) : null;
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
            return null;
        }
    }

    public boolean enabled() {
        return socket != null;
    }

    /**
     * How often to send WATCHDOG=1: half of systemd's timeout, as sd_watchdog_enabled(3)
     * recommends. Empty when systemd runs no watchdog for us.
     */
    public Optional<Duration> watchdogPingInterval() {
        return Optional.ofNullable(watchdogInterval).map(d -> d.dividedBy(2));
    }

    /** READY=1 with a status line; sent once, later calls only update the status. */
    public void ready(String status) {
        if (readySent) {
            status(status);
            return;
        }
        readySent = true;
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    public void watchdog() {
        if (watchdogInterval != null) {
            send("WATCHDOG=1");
        }
    }

    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            socket.send(message);
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("sd_notify failed, supervision goes on: {}", e.getMessage());
            }
        }
    }

    /** systemd reads one assignment per line: a newline in a status would end it early. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
