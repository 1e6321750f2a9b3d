package io.ultrareliability.supervisor.probe;

import io.ultrareliability.supervisor.process.ChildHandle;
import java.util.LinkedHashSet;
import java.util.Set;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Sums RSS over the child's process tree with OSHI. The tree is the child's process group:
 * it also holds grandchildren orphaned by a dead parent, which a descendant walk misses,
 * and costs one /proc scan instead of OSHI's full process-table read.
 */
public final class OshiMemorySampler implements MemorySampler {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public long rssBytes(ChildHandle child) {
        Set<Integer> pids = new LinkedHashSet<>();
        pids.add((int) child.pid());
        child.groupMembers().forEach(p -> pids.add(p.intValue()));
        long total = 0;
        boolean any = false;
        for (int pid : pids) {
            OSProcess p = os.getProcess(pid);
            if (p != null) {
                total += p.getResidentSetSize();
                any = true;
            }
        }
        return any ? total : -1;
    }
}
