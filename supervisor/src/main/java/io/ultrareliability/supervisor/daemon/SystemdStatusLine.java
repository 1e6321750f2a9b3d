package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one line {@code systemctl status} shows (sd_notify {@code STATUS=}): the child's state,
 * PID and restart count, e.g. {@code running: bot pid 1234, 2 restarts}. A pure function.
 */
final class SystemdStatusLine {
    private SystemdStatusLine() {
    }

    static String of(StatusSnapshot s, String childName) {
        String bot = program(s, childName);
        StatusSnapshot k = s.keeper();
        if (k == null) {
            return bot;
        }
        // issue 17: both programs, e.g. "running: bot pid 123, 0 restarts; keeper running (pid 122), 0 restarts"
        StatusSnapshot.Child c = k.child();
        return bot + "; keeper " + c.state().jsonName() + (c.pid() > 0 ? " (pid " + c.pid() + ")" : "") + ", "
                + c.restarts() + (c.restarts() == 1 ? " restart" : " restarts")
                + (k.backoff().crashLoop() ? ", CRASH LOOP" : "");
    }

    private static String program(StatusSnapshot s, String childName) {
        StatusSnapshot.Child c = s.child();
        String restarts = c.restarts() + (c.restarts() == 1 ? " restart" : " restarts");
        String loop = s.backoff().crashLoop() ? ", CRASH LOOP" : "";
        return switch (c.state()) {
            case BACKOFF -> "backoff: " + childName + " starts again in "
                    + Durations.format(Duration.ofMillis(s.backoff().nextDelayMs())) + ", " + restarts + loop;
            case FATAL -> "fatal: " + childName + " exited with a fatal configuration error (78): fix it, then"
                    + " `ultra-reliability restart`; " + restarts;
            case STOPPED -> "stopped: " + childName + " not running, " + restarts;
            default -> c.state().jsonName() + ": " + childName + (c.pid() > 0 ? " pid " + c.pid() : "") + ", "
                    + restarts + loop;
        };
    }

    /** {@code bot} for {@code java ... -jar .../bot.jar}, else the program's file name. */
    static String childName(List<String> command) {
        int jar = command.indexOf("-jar");
        if (jar >= 0 && jar + 1 < command.size()) {
            String f = fileName(command.get(jar + 1));
            return f.endsWith(".jar") ? f.substring(0, f.length() - 4) : f;
        }
        return command.isEmpty() ? "child" : fileName(command.get(0));
    }

    private static String fileName(String path) {
        Path p = Path.of(path).getFileName();
        return p == null ? path : p.toString();
    }
}
