package io.ultrareliability.supervisor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A config whose child is any command (a shell line, a missing program), no HTTP probe, fast timings. */
final class RawChild {
    private RawChild() {
    }

    static void config(Path home, List<String> command, String extraYaml) throws IOException {
        StringBuilder y = new StringBuilder("child:\n  command:\n");
        for (String a : command) {
            y.append("    - \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        y.append("""
                health:
                  url: ""
                restart:
                  initial_delay: 100ms
                  max_delay: 1s
                stop:
                  grace: 1s
                log_triggers: ["FATAL-TRIGGER"]
                web:
                  port: 0
                """);
        y.append(extraYaml);
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), y.toString());
    }

    static void shell(Path home, String script) throws IOException {
        config(home, List.of("/bin/sh", "-c", script), "");
    }

    /** The first number after {@code marker} in logs/bot.log, waiting for it. */
    static long pidFromBotLog(Path home, String marker) {
        String log = ItSupport.await(marker + " in bot.log", java.time.Duration.ofSeconds(20), () -> {
            String l = ItSupport.read(home.resolve("logs/bot.log"));
            return l.contains(marker + " ") ? l : null;
        });
        int at = log.indexOf(marker + " ") + marker.length() + 1;
        int end = at;
        while (end < log.length() && Character.isDigit(log.charAt(end))) {
            end++;
        }
        return Long.parseLong(log.substring(at, end));
    }
}
