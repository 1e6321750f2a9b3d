package io.ultrareliability.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Processes seen through /proc: state, signals, and who still references a test's home. */
public final class Procs {
    private Procs() {
    }

    /** Field 3 of /proc/PID/stat (R, S, D, T, Z, ...), or empty when the process is gone. */
    public static Optional<String> state(long pid) {
        String[] f = statFields(pid);
        return f == null ? Optional.empty() : Optional.of(f[0]);
    }

    /** Alive and not a zombie. */
    public static boolean alive(long pid) {
        return pid > 0 && state(pid).map(s -> !s.equals("Z") && !s.equals("X")).orElse(false);
    }

    /** Process start time (field 22, clock ticks since boot), or -1 when gone. */
    public static long startTime(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[19]);
    }

    public static long pgid(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[2]);
    }

    private static String[] statFields(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** kill -SIG pid, through kill(1) (no JNA on this class path). */
    public static void signal(long pid, String sig) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + sig + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A live process that references {@code marker} in its command line, working directory or environment. */
    public record Found(long pid, String why, String cmdline) {
    }

    /**
     * Every live process (but this JVM) whose cmdline, cwd or environment mentions one of the
     * markers (a test's home directory, its ports): what must be gone after a stop.
     */
    public static List<Found> referencing(List<String> markers) {
        List<Found> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == self || !alive(pid)) {
                    continue;
                }
                String cmdline = readNul(p.resolve("cmdline"));
                String environ = readNul(p.resolve("environ"));
                String cwd;
                try {
                    cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    cwd = "";
                }
                for (String m : markers) {
                    String why = cmdline.contains(m) ? "cmdline" : cwd.startsWith(m) && !m.isEmpty() ? "cwd"
                            : environ.contains(m) ? "environ" : null;
                    if (why != null && alive(pid)) {
                        out.add(new Found(pid, why + " mentions " + m, cmdline));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return out;
    }

    /** The command line of a live process, arguments separated by spaces ("" when gone). */
    public static String cmdline(long pid) {
        return readNul(Path.of("/proc", Long.toString(pid), "cmdline")).strip();
    }

    private static String readNul(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
