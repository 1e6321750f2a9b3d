package io.ultrareliability.keeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on its own: what a commit keeps, what a failed write keeps, a bad file moved aside. */
class KeeperStoreTest {
    @TempDir
    Path dir;

    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-30T01:00:00Z"));

    private StoreConfig config(long maxBytes) {
        return new StoreConfig(Optional.of(dir.resolve("keeper.db")), maxBytes, Duration.ofMinutes(5), 5_000);
    }

    private KeeperStore open(long maxBytes) {
        return KeeperStore.open(config(maxBytes), "0/1", 100, clock, () -> true);
    }

    private static ObjectNode ready() {
        ObjectNode d = Jsons.object().put("session_id", "up-1").put("resume_gateway_url", "ws://127.0.0.1:1/gw");
        d.putArray("guilds").addObject().put("id", "10").put("unavailable", true);
        return d;
    }

    @Test
    void theDatabaseAndItsWalAreReadableByTheOwnerOnly() throws Exception {
        KeeperStore store = open(64L << 20);
        store.journal().upstreamReady(1, ready());
        store.journal().commit();
        for (String f : new String[] {"keeper.db", "keeper.db-wal"}) {
            org.assertj.core.api.Assertions.assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir.resolve(f)))).as(f).isEqualTo("rw-------");
        }
        store.close();
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("keeper.db"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        open(64L << 20).close();
        org.assertj.core.api.Assertions.assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keeper.db")))).as("tightened at open")
                .isEqualTo("rw-------");
    }

    @Test
    void whatWasCommittedIsWhatTheNextProcessFinds() {
        KeeperStore store = open(64L << 20);
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        j.upstreamDispatch(2, "GUILD_CREATE", "{\"id\":\"10\",\"name\":\"g\"}", true);
        j.sessionOpened("bot-1", 0);
        j.sent("bot-1", 1, "{\"op\":0,\"s\":1}");
        j.commit();
        j.upstreamDispatch(3, "MESSAGE_CREATE", "{\"content\":\"a\"}", false);
        j.buffered(new Dispatch("MESSAGE_CREATE", "{\"content\":\"a\"}", 3, clock.instant(), false));
        j.commit();
        j.upstreamDispatch(4, "MESSAGE_CREATE", "{\"content\":\"b\"}", false); // never committed: a kill -9 here
        // No close: the process dies.

        Recovered r = open(64L << 20).recovered();
        assertThat(r.upstream()).get().satisfies(u -> {
            assertThat(u.sessionId()).isEqualTo("up-1");
            assertThat(u.seq()).isEqualTo(3);
            assertThat(u.resumeUrl()).hasValueSatisfying(x -> assertThat(x.toString()).isEqualTo("ws://127.0.0.1:1/gw"));
        });
        assertThat(r.stateLog()).extracting(HubJournal.GuildFrame::type).containsExactly("GUILD_CREATE");
        assertThat(r.buffer()).extracting(Dispatch::data).containsExactly("{\"content\":\"a\"}");
        assertThat(r.sessions()).singleElement().satisfies(s -> assertThat(s.frames()).hasSize(1));
    }

    /**
     * What a bot session's heartbeat confirmed is kept per session, so a restarted keeper knows
     * which of its frames may never have been read; a session without the row (an older file)
     * hands nothing over; a rewrite keeps it; an ended session's row goes with it.
     */
    @Test
    void eachBotSessionsLastConfirmedSequenceSurvivesARestart() {
        KeeperStore store = open(64L << 20);
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        j.sessionOpened("bot-1", 2);
        for (long s = 3; s <= 6; s++) {
            j.sent("bot-1", s, "{\"op\":0,\"s\":" + s + "}");
        }
        j.readUpTo("bot-1", 4);
        j.sessionOpened("bot-2", 2);
        j.sessionOpened("bot-3", 2);
        j.commit();
        j.sessionEnded("bot-3");
        j.commit();

        Recovered r = open(64L << 20).recovered();
        assertThat(r.sessions()).extracting(HubJournal.SessionImage::id, HubJournal.SessionImage::readUpTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bot-1", 4L),
                        org.assertj.core.groups.Tuple.tuple("bot-2", 2L));

        // A full rewrite from memory (what maintain() does once a store that was behind can write).
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keeper.db"))) {
            c.setAutoCommit(false);
            Sql.writeAll(c, new HubJournal.HubImage(Optional.of(ready()), List.of(), List.of(),
                    List.of(new HubJournal.SessionImage("bot-1", 2, List.of(new HubJournal.SentFrame(3, "{}")), 3),
                            new HubJournal.SessionImage("old", 2, List.of()))), clock.millis());
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(open(64L << 20).recovered().sessions())
                .extracting(HubJournal.SessionImage::id, HubJournal.SessionImage::readUpTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bot-1", 3L),
                        org.assertj.core.groups.Tuple.tuple("old", Long.MAX_VALUE));
    }

    @Test
    void aFullStoreKeepsItsLastConsistentStateAndCatchesUpByRewriting() {
        KeeperStore store = open(1L << 20); // 1 MiB: the smallest limit, reached quickly
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        j.upstreamDispatch(2, "MESSAGE_CREATE", "{}", false);
        j.commit();
        String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        for (int i = 0; i < 8; i++) {
            j.upstreamDispatch(3 + i, "MESSAGE_CREATE", big, false);
            j.buffered(new Dispatch("MESSAGE_CREATE", big, 3 + i, clock.instant(), false));
            j.commit();
        }
        assertThat(store.status().behind()).as("writes refused past the size limit").isTrue();
        assertThat(store.status().metrics()).contains("keeper_store_full 1");
        long durable = store.status().durableSeq();
        assertThat(durable).isBetween(2L, 9L);

        Recovered r = open(64L << 20).recovered();
        assertThat(r.upstream()).get().extracting(Recovered.Upstream::seq).isEqualTo(durable);
        assertThat(r.buffer()).hasSize((int) (durable - 2)); // every committed step, nothing of the failed ones
    }

    @Test
    void onceThereIsRoomTheStoreIsRewrittenFromMemoryAndCatchesUp() {
        KeeperStore store = open(1L << 20);
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        j.commit();
        String big = "{\"x\":\"" + "y".repeat(300_000) + "\"}";
        long seq = 1;
        while (!store.status().behind() && seq < 20) {
            seq++;
            j.upstreamDispatch(seq, "MESSAGE_CREATE", big, false);
            j.buffered(new Dispatch("MESSAGE_CREATE", big, seq, clock.instant(), false));
            j.commit();
        }
        assertThat(store.status().behind()).isTrue();
        // Memory now holds less (the buffer was delivered): the rewrite fits.
        j.maintain(() -> new HubJournal.HubImage(Optional.of(ready()), List.of(), List.of(),
                List.of(new HubJournal.SessionImage("bot-1", 3, List.of(new HubJournal.SentFrame(4, "{}"))))));
        assertThat(store.status().behind()).isFalse();
        assertThat(store.status().metrics()).contains("keeper_store_full 0").contains("keeper_store_rewrites_total 1");

        Recovered r = open(64L << 20).recovered();
        assertThat(r.upstream()).get().extracting(Recovered.Upstream::seq).isEqualTo(seq);
        assertThat(r.buffer()).isEmpty();
        assertThat(r.sessions()).singleElement().satisfies(s -> assertThat(s.floor()).isEqualTo(3));
    }

    @Test
    void compactionReplacesTheStateLogWithSnapshots() {
        KeeperStore store = KeeperStore.open(new StoreConfig(Optional.of(dir.resolve("keeper.db")), 64L << 20,
                Duration.ofMinutes(5), 2), "0/1", 100, clock, () -> true);
        HubJournal j = store.journal();
        j.upstreamReady(1, ready());
        for (int i = 2; i <= 4; i++) {
            j.upstreamDispatch(i, "CHANNEL_UPDATE", "{\"id\":\"" + i + "\"}", true);
        }
        j.commit();
        j.maintain(() -> new HubJournal.HubImage(Optional.of(ready()),
                List.of(new HubJournal.GuildFrame("GUILD_CREATE", "{\"id\":\"10\"}")), List.of(), List.of()));
        Recovered r = open(64L << 20).recovered();
        assertThat(r.stateLog()).isEmpty();
        assertThat(r.guilds()).extracting(HubJournal.GuildFrame::data).containsExactly("{\"id\":\"10\"}");
        assertThat(store.status().metrics()).contains("keeper_store_compactions_total 1");
    }

    @Test
    void aCorruptDatabaseIsMovedAsideAndTheStoreStartsClean() throws Exception {
        Files.writeString(dir.resolve("keeper.db"), "this is not a database, it is a text file ".repeat(200));
        KeeperStore store = open(64L << 20);
        assertThat(store.status().enabled()).isTrue();
        assertThat(store.recovered().upstream()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("keeper.db.corrupt-2026"));
        }
    }

    @Test
    void aDatabaseOfAnotherShardIsLeftAloneAndTheKeeperRunsFromMemory() {
        open(64L << 20).close();
        KeeperStore other = KeeperStore.open(config(64L << 20), "1/2", 100, clock, () -> true);
        assertThat(other.status().enabled()).isFalse();
        assertThat(dir.resolve("keeper.db")).exists();
    }

    @Test
    void aCleanStopWithEndSessionForgetsTheUpstreamSession() {
        KeeperStore store = open(64L << 20);
        store.journal().upstreamReady(1, ready());
        store.journal().commit();
        store.close(true);
        assertThat(open(64L << 20).recovered().upstream()).isEmpty();
    }

    @Test
    void identifiesAreInTheLedger() {
        KeeperStore store = open(64L << 20);
        store.identifySent(0, clock.instant().minusSeconds(2));
        assertThat(open(64L << 20).recovered().identifies()).containsExactly(clock.instant().minusSeconds(2));
    }
}
