package io.ultrareliability.common.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFileTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsReadBackByANewInstanceAndTheFileIsPrivate() throws IOException {
        LedgerFile file = new LedgerFile(dir.resolve("run/identify-ledger.txt"));
        SessionStartLimit limit = new SessionStartLimit(20, 17, Duration.ofSeconds(90), 2, T0);
        file.update(l -> l.withLimit(limit).with(new IdentifyRecord(T0.plusMillis(5), 1)));
        file.update(l -> l.with(new IdentifyRecord(T0.plusMillis(9), 0)));

        IdentifyLedger back = new LedgerFile(dir.resolve("run/identify-ledger.txt")).load();

        assertThat(back.lastLimit()).contains(limit);
        assertThat(back.entries()).containsExactly(new IdentifyRecord(T0.plusMillis(5), 1),
                new IdentifyRecord(T0.plusMillis(9), 0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(Files.exists(dir.resolve("run/identify-ledger.txt.tmp"))).isFalse();
    }

    @Test
    void anInterruptedThreadStillWritesAndKeepsItsInterrupt() throws IOException {
        // a session controller being closed is interrupted while it takes an IDENTIFY back
        LedgerFile file = new LedgerFile(dir.resolve("ledger.txt"));
        Thread.currentThread().interrupt();
        try {
            file.update(l -> l.with(new IdentifyRecord(T0, 0)));
            assertThat(file.load().entries()).hasSize(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aMissingFileIsAnEmptyLedger() throws IOException {
        assertThat(new LedgerFile(dir.resolve("nope.txt")).load()).isEqualTo(IdentifyLedger.empty());
    }

    @Test
    void damagedLinesAreSkippedNotFatal() throws IOException {
        Path p = dir.resolve("ledger.txt");
        Files.writeString(p, "identify 1000 0\nidentify x 0\ngarbage\nlimit 1 2 3\nidentify 2000 -4\n"
                + "identify 3000 2\nlimit 5 10 99 1 1\n", StandardCharsets.UTF_8);

        IdentifyLedger l = new LedgerFile(p).load();

        assertThat(l.entries()).extracting(IdentifyRecord::at)
                .containsExactly(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(3000));
        assertThat(l.lastLimit()).isEmpty(); // remaining 99 > total 10: refused by the record
    }

    @Test
    void aHugeFileIsRefusedWithAClearMessage() throws IOException {
        Path p = dir.resolve("ledger.txt");
        Files.write(p, new byte[(1 << 20) + 1]);
        assertThatThrownBy(() -> new LedgerFile(p).load()).isInstanceOf(IOException.class)
                .hasMessageContaining("not an IDENTIFY ledger");
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        Path p = dir.resolve("ledger.txt");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    LedgerFile own = new LedgerFile(p); // like another process: its own instance
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        own.update(l -> l.with(new IdentifyRecord(T0.plusMillis(thread * 1000L + n), thread)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new LedgerFile(p).load().entries()).hasSize(100);
    }

    @Test
    void theInMemoryStoreKeepsWhatIsUpdated() throws IOException {
        LedgerStore s = LedgerStore.inMemory();
        s.update(l -> l.with(new IdentifyRecord(T0, 0)));
        assertThat(s.load().entries()).hasSize(1);
        assertThat(s.describe()).isEqualTo("memory");
    }
}
