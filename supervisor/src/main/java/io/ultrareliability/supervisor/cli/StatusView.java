package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.supervisor.status.AotCache;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.StatusSnapshot.Child;
import io.ultrareliability.supervisor.status.StatusSnapshot.Health;
import io.ultrareliability.supervisor.status.StatusSnapshot.Memory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Human renderings of the status document: the status summary and the monitor's lines. The bot
 * ({@code child}) comes first, as before schema 2; the keeper, when the supervisor runs one, on
 * lines of its own.
 */
final class StatusView {
    private StatusView() {
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        Duration d = Duration.ofSeconds(s);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }

    static String rss(Memory mem) {
        return mem.rssBytes() != null ? ByteSizes.format(mem.rssBytes()) : "-";
    }

    static String health(Health h) {
        if (h.ok() == null) {
            return "-";
        }
        return (h.ok() ? "ok" : "FAIL") + " " + h.latencyMs() + "ms";
    }

    /** {@code running (pid 9, up 3.0s), restarts 1}: the state line of a program. */
    private static String stateLine(Child c) {
        StringBuilder b = new StringBuilder(c.state().jsonName());
        if (c.pid() != null) {
            b.append(" (pid ").append(c.pid()).append(", up ").append(uptime(c.uptimeSeconds())).append(')');
        }
        return b.append(", restarts ").append(c.restarts()).toString();
    }

    private static String healthLine(Health h) {
        return health(h) + (h.error() != null ? " (" + h.error() + ")" : "");
    }

    private static String memoryLine(Memory m) {
        return rss(m) + (m.maxRssBytes() > 0 ? " (limit " + ByteSizes.format(m.maxRssBytes()) + ")" : " (no limit)");
    }

    private static String restartLine(RestartEntry last) {
        return last.at() + " reason " + last.reason().jsonName() + " (" + last.detail() + ")";
    }

    static String summary(StatusSnapshot s, boolean running) {
        Child c = s.child();
        StatusSnapshot.Supervisor sup = s.supervisor();
        StringBuilder b = new StringBuilder();
        b.append("supervisor: ").append(running ? "running" : "NOT RUNNING (last seen " + s.updatedAt() + ")")
                .append(" (pid ").append(sup.pid()).append(")\n");
        if (sup.demoMode()) {
            b.append("DEMO MODE:  no Discord token set: the bot runs against a built-in Discord simulator\n");
        }
        b.append("child:      ").append(stateLine(c)).append('\n');
        b.append("health:     ").append(healthLine(c.health())).append('\n');
        b.append("memory:     ").append(memoryLine(c.memory())).append('\n');
        var ib = c.identifyBudget();
        if (ib != null) {
            b.append("identify:   ").append(ib.remaining()).append(" of ").append(ib.total())
                    .append(" left (").append(ib.ledger24h()).append(" in the ledger's 24 h)");
            if (ib.waitingUntil() != null) {
                b.append(", WAITING for Discord's reset until ").append(ib.waitingUntil())
                        .append(" (not restarted meanwhile)");
            }
            b.append('\n');
        }
        if (running && sup.httpPort() != null) {
            b.append("web:        http://127.0.0.1:").append(sup.httpPort()).append("/\n");
        } else if (running && sup.httpError() != null) {
            b.append("web:        not running: ").append(sup.httpError()).append('\n');
        }
        AotCache aot = sup.aotCache();
        if (aot != null) {
            b.append("aot cache:  ").append(aot.state().jsonName()).append(aot.inUse() ? ", the bot started from it" : "");
            if (!aot.detail().isEmpty()) {
                b.append(" (").append(aot.detail()).append(')');
            }
            b.append('\n');
        }
        if (c.state() == ChildState.BACKOFF) {
            b.append("backoff:    next start in ").append(s.backoff().nextDelayMs()).append(" ms\n");
        }
        if (s.crashLoop()) {
            b.append("ALERT:      crash loop: retrying at the backoff cap\n");
        }
        if (c.fatalReason() != null) {
            b.append("fatal:      ").append(c.fatalReason()).append('\n');
        }
        if (!s.restartHistory().isEmpty()) {
            b.append("last restart: ").append(restartLine(s.restartHistory().get(0))).append('\n');
        }
        Child k = s.keeper();
        if (k != null) {
            keeper(b, k);
        }
        return b.toString();
    }

    /** The keeper's lines: the same facts as the bot's, its own backoff, crash loop and last restart. */
    private static void keeper(StringBuilder b, Child k) {
        b.append("keeper:     ").append(stateLine(k)).append('\n');
        b.append("  health:   ").append(healthLine(k.health())).append('\n');
        b.append("  memory:   ").append(memoryLine(k.memory())).append('\n');
        if (k.state() == ChildState.BACKOFF && k.backoff() != null) {
            b.append("  backoff:  next start in ").append(k.backoff().nextDelayMs()).append(" ms\n");
        }
        if (Boolean.TRUE.equals(k.crashLoop())) {
            b.append("ALERT:      keeper crash loop: retrying at the backoff cap\n");
        }
        if (k.fatalReason() != null) {
            b.append("  fatal:    ").append(k.fatalReason()).append('\n');
        }
        List<RestartEntry> history = k.restartHistory() == null ? List.of() : k.restartHistory();
        if (!history.isEmpty()) {
            b.append("  last restart: ").append(restartLine(history.get(0))).append('\n');
        }
    }

    /** {@code state=running pid=9 uptime=3.0s rss=1.0MiB health=ok/2ms restarts=1}. */
    private static String programFields(Child c) {
        return "state=" + c.state().jsonName()
                + " pid=" + (c.pid() != null ? c.pid() : "-")
                + " uptime=" + (c.pid() != null ? uptime(c.uptimeSeconds()) : "-")
                + " rss=" + rss(c.memory()).replace(" ", "")
                + " health=" + health(c.health()).replace(" ", "/")
                + " restarts=" + c.restarts();
    }

    /** The bot's fields first (as before schema 2), then {@code | keeper state=...} when there is a keeper. */
    static String monitorLine(StatusSnapshot s, boolean running, Instant now) {
        String time = LocalTime.ofInstant(now, ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        if (s == null) {
            return time + " no status file yet" + (running ? "" : "; supervisor not running");
        }
        Child k = s.keeper();
        return time + " " + (running ? "" : "[supervisor NOT RUNNING] ")
                + programFields(s.child())
                + (s.crashLoop() ? " CRASH-LOOP" : "")
                + (k == null ? "" : " | keeper " + programFields(k) + (Boolean.TRUE.equals(k.crashLoop())
                        ? " CRASH-LOOP" : ""));
    }
}
