package io.ultrareliability.supervisor.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Reads /proc: start times (to tell a PID from a reused one) and process-group members. */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /** One parsed /proc/PID/stat line: the fields we use. */
    record Stat(long pid, char state, long pgrp, long startTicks) {
    }

    static Stat stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return parse(pid, s);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Fields after the command name, which may itself hold spaces and parentheses. */
    static Stat parse(long pid, String line) {
        int close = line.lastIndexOf(')');
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state); field N is f[N - 3]: pgrp = 5, starttime = 22.
        return new Stat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
    }

    /** Start time in clock ticks since boot, or empty when the process is gone. */
    public static OptionalLong startTicks(long pid) {
        Stat s = stat(pid);
        return s == null || s.state() == 'Z' || s.state() == 'X' ? OptionalLong.empty() : OptionalLong.of(s.startTicks());
    }

    /** Live (non-zombie) processes whose process group is {@code pgid}. */
    public static List<Long> groupMembers(long pgid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                Stat s = stat(Long.parseLong(name));
                if (s != null && s.pgrp() == pgid && s.state() != 'Z' && s.state() != 'X') {
                    out.add(s.pid());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return out;
    }
}
