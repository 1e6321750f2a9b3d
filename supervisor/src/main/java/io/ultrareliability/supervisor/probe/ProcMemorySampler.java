package io.ultrareliability.supervisor.probe;

import io.ultrareliability.supervisor.process.ChildHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sums RSS ({@code VmRSS} of /proc/PID/status) over the child's process tree. The tree is
 * found by following /proc children links from the child: a scan of the whole process table
 * every few seconds was most of the supervisor's idle CPU. A grandchild orphaned by a dead
 * parent drops out of the tree (it is still stopped with the group, or as an orphan of ours).
 * /proc is read directly rather than through OSHI: the same figure (OSHI reads the same file
 * family), without ~100 classes and OSHI's start-up probing in the supervisor's RSS.
 */
public final class ProcMemorySampler implements MemorySampler {
    private static final Path PROC = Path.of("/proc");

    @Override
    public long rssBytes(ChildHandle child) {
        long total = 0;
        boolean any = false;
        for (long pid : new java.util.LinkedHashSet<>(child.tree())) {
            long kb = vmRssKb(pid);
            if (kb >= 0) {
                total += kb * 1024;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /** VmRSS in kB; -1 when the process is gone; 0 for a zombie (which has no VmRSS line). */
    static long vmRssKb(long pid) {
        String status;
        try {
            status = Files.readString(PROC.resolve(Long.toString(pid)).resolve("status"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return parseVmRssKb(status);
    }

    static long parseVmRssKb(String status) {
        int at = status.indexOf("\nVmRSS:");
        if (at < 0) {
            return 0;
        }
        int end = status.indexOf('\n', at + 1);
        String v = status.substring(at + "\nVmRSS:".length(), end < 0 ? status.length() : end).trim();
        int space = v.indexOf(' ');
        try {
            return Long.parseLong(space < 0 ? v : v.substring(0, space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
