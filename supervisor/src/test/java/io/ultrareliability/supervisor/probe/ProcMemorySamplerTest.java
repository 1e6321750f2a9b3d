package io.ultrareliability.supervisor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Against real processes' /proc entries. */
class ProcMemorySamplerTest {
    private static ChildHandle tree(List<Long> pids) {
        return new ChildHandle() {
            @Override
            public long pid() {
                return pids.get(0);
            }

            @Override
            public void onExit(Consumer<ChildExit> callback) {
            }

            @Override
            public void terminate() {
            }

            @Override
            public void kill() {
            }

            @Override
            public List<Long> reapGroup() {
                return List.of();
            }

            @Override
            public List<Long> groupMembers() {
                return pids;
            }

            @Override
            public List<Long> tree() {
                return pids;
            }
        };
    }

    @Test
    void parsesVmRssInKib() {
        assertThat(ProcMemorySampler.parseVmRssKb("Name:\tjava\nVmHWM:\t  9000 kB\nVmRSS:\t   12345 kB\nRssAnon:\t 1 kB\n"))
                .isEqualTo(12345);
        assertThat(ProcMemorySampler.parseVmRssKb("Name:\tzombie\nState:\tZ (zombie)\n")).isZero();
    }

    @Test
    void sumsTheTreeAndCountsEachProcessOnce() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            long self = ProcessHandle.current().pid();
            long selfKb = ProcMemorySampler.vmRssKb(self);
            long sleeperKb = ProcMemorySampler.vmRssKb(sleeper.pid());
            assertThat(selfKb).isGreaterThan(10_000); // a JVM: well over 10 MB
            assertThat(sleeperKb).isPositive().isLessThan(selfKb);
            long both = new ProcMemorySampler().rssBytes(tree(List.of(sleeper.pid(), self, sleeper.pid())));
            // this JVM's RSS moves between the reads: compare within 25 %
            assertThat(both).isBetween((selfKb + sleeperKb) * 1024 * 3 / 4, (selfKb + sleeperKb) * 1024 * 5 / 4);
            String status = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "status"));
            assertThat(status).contains("VmRSS:");
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGoneTreeIsUnknown() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(ProcMemorySampler.vmRssKb(p.pid())).isEqualTo(-1);
        assertThat(new ProcMemorySampler().rssBytes(tree(List.of(p.pid())))).isEqualTo(-1);
    }
}
