package io.ultrareliability.supervisor.probe;

import io.ultrareliability.supervisor.process.ProcFs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whose /health answered: a probe that reaches the port of a bot left by another supervisor
 * (ours could not bind it) must not call our child healthy. The kernel's socket table names
 * the listening socket's inode; when our child's process tree does not hold it and another
 * process does, the answer is foreign. Checked once per child, at its first healthy answer:
 * a few small /proc reads per start (a scan of /proc only when the tree does not hold it).
 */
public final class HealthPortOwner {
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private HealthPortOwner() {
    }

    /**
     * @return null when the child (or a descendant) listens on the URL's port, or when no
     *         local listener is found (a remote URL: nothing to judge); else why not
     */
    public static String foreign(URI url, long childPid) {
        int port = url.getPort() == -1 ? 80 : url.getPort();
        Set<String> inodes = new HashSet<>();
        for (String table : new String[] {"net/tcp", "net/tcp6"}) {
            try {
                inodes.addAll(listening(Files.readString(PROC.resolve(table)), port));
            } catch (IOException e) {
                // no IPv6, say
            }
        }
        if (inodes.isEmpty()) {
            return null;
        }
        if (holdsAny(childPid, inodes)) {
            return null; // the common case: the child itself listens; no tree walk
        }
        if (!hasDescriptors(childPid)) {
            return null; // exiting: it dropped its descriptors while the kernel still lists its socket
        }
        List<Long> tree = ProcFs.tree(childPid);
        for (long pid : tree) {
            if (holdsAny(pid, inodes)) {
                return null;
            }
        }
        // Not in the child's tree: only a holder found elsewhere makes it foreign.
        long holder = holderElsewhere(inodes, tree);
        return holder <= 0 ? null : "/health on port " + port + " was answered by pid " + holder
                + ", not by child pid " + childPid + " or one of its descendants (a bot left by another supervisor?)";
    }

    /** The first process outside {@code tree} holding one of the sockets, or 0 (a scan of /proc: rare). */
    private static long holderElsewhere(Set<String> inodes, List<Long> tree) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (!tree.contains(pid) && holdsAny(pid, inodes)) {
                    return pid;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Socket inodes of LISTEN entries on {@code port} in /proc/net/tcp(6) text. */
    static Set<String> listening(String table, int port) {
        Set<String> out = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        for (String line : table.split("\n")) {
            // A busy machine lists thousands of sockets: split only the lines of our port.
            if (!line.contains(hexPort + " ")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)) {
                out.add(f[9]);
            }
        }
        return out;
    }

    private static boolean hasDescriptors(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
            return fds.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean holdsAny(long pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[") && inodes.contains(link.substring(8, link.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // gone
        }
        return false;
    }
}
