package io.ultrareliability.supervisor.probe;

import io.ultrareliability.supervisor.process.ChildHandle;
import java.util.LinkedHashSet;
import java.util.Set;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Sums RSS over the child's process tree with OSHI. The tree is found by following
 * /proc children links from the child: a scan of the whole process table (OSHI's
 * getDescendantProcesses, or by process group) every few seconds was most of the
 * supervisor's idle CPU. A grandchild orphaned by a dead parent drops out of the tree (it
 * is still killed with the group at the next stop).
 */
public final class OshiMemorySampler implements MemorySampler {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public long rssBytes(ChildHandle child) {
        Set<Integer> pids = new LinkedHashSet<>();
        child.tree().forEach(p -> pids.add(p.intValue()));
        long total = 0;
        boolean any = false;
        for (int pid : pids) {
            OSProcess p = os.getProcess(pid);
            if (p != null) {
                total += p.getResidentMemory();
                any = true;
            }
        }
        return any ? total : -1;
    }
}
