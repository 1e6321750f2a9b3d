package io.ultrareliability.keeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk (a 1 MiB tmpfs) and a real read-only directory (a read-only bind mount):
 * both need {@code mount}, so root or CAP_SYS_ADMIN; without it the test is aborted (reported
 * as skipped, never as passed). KeeperStoreTest covers the same paths with the size limit.
 */
class StoreOnHostileDiskTest {
    @TempDir
    Path dir;
    private Path mounted;

    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-30T01:00:00Z"));

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void aFullDiskKeepsTheLastConsistentState() throws Exception {
        mount(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString()));
        StoreConfig config = new StoreConfig(Optional.of(dir.resolve("keeper.db")), 64L << 20, Duration.ofMinutes(5),
                5_000);
        KeeperStore store = KeeperStore.open(config, "0/1", 100, clock, () -> true);
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        j.commit();
        String big = "{\"x\":\"" + "y".repeat(100_000) + "\"}";
        long seq = 1;
        while (!store.status().behind() && seq < 100) {
            seq++;
            j.upstreamDispatch(seq, "MESSAGE_CREATE", big, false);
            j.buffered(new Dispatch("MESSAGE_CREATE", big, seq, clock.instant(), false));
            j.commit();
        }
        assertThat(store.status().behind()).as("the 1 MiB disk filled up").isTrue();
        assertThat(store.status().metrics()).contains("keeper_store_full 1");
        long durable = store.status().durableSeq();
        assertThat(durable).isLessThan(seq);

        // Another process reading the same file (the keeper after a kill -9) finds that state.
        KeeperStore second = KeeperStore.open(config, "0/1", 100, clock, () -> true);
        Recovered r = second.recovered();
        second.close();
        store.close(); // open files would keep the tmpfs busy
        assertThat(r.upstream()).get().extracting(Recovered.Upstream::seq).isEqualTo(durable);
        assertThat(r.buffer()).hasSize((int) (durable - 1));
        assertThat(r.buffer()).extracting(Dispatch::upstreamSeq).last().isEqualTo(durable);
    }

    @Test
    void aReadOnlyDirectoryLeavesTheDatabaseAsItIs() throws Exception {
        Path home = Files.createDirectory(dir.resolve("run"));
        StoreConfig config = new StoreConfig(Optional.of(home.resolve("keeper.db")), 64L << 20, Duration.ofMinutes(5),
                5_000);
        KeeperStore first = KeeperStore.open(config, "0/1", 100, clock, () -> true);
        first.journal().upstreamReady(1, ready());
        first.journal().upstreamDispatch(7, "MESSAGE_CREATE", "{}", false);
        first.journal().commit();
        first.close();
        byte[] before = Files.readAllBytes(home.resolve("keeper.db"));

        mount(List.of("mount", "--bind", "-o", "ro", home.toString(), home.toString()));
        KeeperStore readOnly = KeeperStore.open(config, "0/1", 100, clock, () -> true);
        assertThat(readOnly.status().enabled()).as("runs from memory").isFalse();
        readOnly.close();
        run("umount", home.toString());
        mounted = null;

        assertThat(Files.readAllBytes(home.resolve("keeper.db"))).isEqualTo(before);
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
        KeeperStore again = KeeperStore.open(config, "0/1", 100, clock, () -> true);
        assertThat(again.recovered().upstream()).get().extracting(Recovered.Upstream::seq).isEqualTo(7L);
        again.close();
    }

    private static ObjectNode ready() {
        return Jsons.object().put("session_id", "up-1").put("resume_gateway_url", "ws://127.0.0.1:1/gw");
    }

    private void mount(List<String> command) throws Exception {
        int code = run(command.toArray(String[]::new));
        Assumptions.assumeTrue(code == 0, "cannot mount here (needs root or CAP_SYS_ADMIN): " + command);
        mounted = Path.of(command.getLast());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
