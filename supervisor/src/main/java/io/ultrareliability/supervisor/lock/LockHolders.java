package io.ultrareliability.supervisor.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds a lock on a file, from {@code /proc/locks}: the kernel's own table, so a lock
 * taken by a process of another user (which we cannot signal or inspect otherwise) is named
 * too. Used for error messages and to check that the path still names the file we locked.
 */
public final class LockHolders {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    /**
     * One granted lock. {@code pid} is -1 for an OFD lock (owned by an open file, not a process).
     *
     * @param kind POSIX, FLOCK or OFDLCK
     * @param mode READ or WRITE
     */
    public record Holder(String kind, String mode, long pid, long devMajor, long devMinor, long inode) {
    }

    private LockHolders() {
    }

    /** The (device, inode) of a path, without following a symlink; null when it does not exist. */
    public static long[] fileKey(Path file) {
        try {
            long dev = ((Number) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
            long ino = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
            // Linux's new_encode_dev, as /proc/locks prints it (major:minor in hex).
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return new long[] {major, minor, ino};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The granted locks on {@code file} now (empty when none, or when it does not exist). */
    public static List<Holder> of(Path file) {
        long[] key = fileKey(file);
        if (key == null) {
            return List.of();
        }
        String table;
        try {
            table = Files.readString(PROC_LOCKS, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return List.of();
        }
        return parse(table, key[0], key[1], key[2]);
    }

    /** The granted (not waiting) locks of {@code /proc/locks} text on one file. */
    static List<Holder> parse(String table, long major, long minor, long inode) {
        List<Holder> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; waiters have "->" after the number.
            if (f.length < 6 || f[1].equals("->")) {
                continue;
            }
            String[] id = f[5].split(":");
            if (id.length != 3) {
                continue;
            }
            try {
                if (Long.parseLong(id[0], 16) == major && Long.parseLong(id[1], 16) == minor
                        && Long.parseLong(id[2]) == inode) {
                    out.add(new Holder(f[1], f[3], Long.parseLong(f[4]), major, minor, inode));
                }
            } catch (NumberFormatException e) {
                // a line of a format we do not know: skip it
            }
        }
        return out;
    }

    /** Whether process {@code pid} holds a lock on the file that {@code file} names now. */
    public static boolean heldBy(Path file, long pid) {
        return of(file).stream().anyMatch(h -> h.pid() == pid);
    }

    /** "pid 123 (user nobody: flock -s run/supervisor.lock sleep 600), a shared POSIX lock", for each holder. */
    public static String describe(List<Holder> holders) {
        if (holders.isEmpty()) {
            return "no process listed in /proc/locks (it may just have been released)";
        }
        List<String> parts = new ArrayList<>();
        for (Holder h : holders) {
            String what = ("READ".equals(h.mode()) ? "a shared " : "an exclusive ") + h.kind() + " lock";
            parts.add(h.pid() <= 0 ? "an open file description (" + what + ", no pid: OFD lock)"
                    : "pid " + h.pid() + " (" + process(h.pid()) + "), " + what);
        }
        return String.join("; ", parts);
    }

    /** "user NAME: COMMAND LINE" as far as /proc lets us see it. */
    static String process(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        String user;
        try {
            user = Files.getOwner(dir).getName();
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
        String cmd;
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            cmd = "";
        }
        if (cmd.isEmpty()) {
            try {
                cmd = Files.readString(dir.resolve("comm")).strip();
            } catch (IOException e) {
                cmd = "?";
            }
        }
        return "user " + user + ": " + (cmd.length() > 160 ? cmd.substring(0, 160) + "..." : cmd);
    }
}
