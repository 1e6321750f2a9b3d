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

    /** Session id and state of a process ('Z' for a zombie), or null when it is gone. */
    public record Session(long sid, char state) {
    }

    public static Session session(long pid) {
        try {
            String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            return new Session(Long.parseLong(f[3]), f[0].charAt(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The direct children of a process, zombies included, from /proc/PID/task/TID/children. */
    public static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path t : dir) {
                try {
                    for (String c : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            out.add(Long.parseLong(c));
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // gone
        }
        return out;
    }

    /** The parent PID, or -1 when the process is gone. */
    public static long ppid(long pid) {
        try {
            String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return Long.parseLong(line.substring(line.lastIndexOf(')') + 2).trim().split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The command line with spaces for NULs; empty when gone or unreadable. */
    public static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Whether a live process is an ultra-reliability supervisor JVM (launched as {@code -jar
     * supervisor.jar} or with the main class), judged by its command line.
     */
    public static boolean isSupervisor(long pid) {
        return isSupervisorCommand(List.of(cmdline(pid).split(" ")));
    }

    /** {@code ... -jar .../supervisor.jar run ...} or {@code ... UltraReliabilityMain run ...}: the daemon, not a CLI call. */
    static boolean isSupervisorCommand(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            String a = args.get(i);
            boolean jar = a.endsWith("supervisor.jar") && i > 0 && args.get(i - 1).equals("-jar");
            if ((jar || a.equals("io.ultrareliability.supervisor.UltraReliabilityMain")) && args.get(i + 1).equals("run")) {
                return true;
            }
        }
        return false;
    }

    /** Start time in clock ticks since boot, or empty when the process is gone. */
    /**
     * Whether this process ignores {@code signal} at the kernel level (SigIgn in
     * /proc/self/status), e.g. SIGHUP under nohup: the JVM then installs no handler for it.
     */
    public static boolean selfIgnores(int signal) {
        try {
            return ignores(java.nio.file.Files.readString(PROC.resolve("self/status")), signal);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean ignores(String statusText, int signal) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    public static OptionalLong startTicks(long pid) {
        Stat s = stat(pid);
        return s == null || s.state() == 'Z' || s.state() == 'X' ? OptionalLong.empty() : OptionalLong.of(s.startTicks());
    }

    /**
     * The process and its descendants, from {@code /proc/PID/task/TID/children}: a few small
     * reads instead of a scan of every process on the machine. Empty when it is gone.
     */
    public static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
        todo.add(pid);
        while (!todo.isEmpty() && out.size() < 10_000) {
            long p = todo.poll();
            Path tasks = PROC.resolve(Long.toString(p)).resolve("task");
            if (!Files.isDirectory(tasks)) {
                continue;
            }
            out.add(p);
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
                for (Path t : dir) {
                    try {
                        for (String c : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                            if (!c.isEmpty()) {
                                todo.add(Long.parseLong(c));
                            }
                        }
                    } catch (IOException | NumberFormatException e) {
                        // the thread or process ended meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return out;
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
