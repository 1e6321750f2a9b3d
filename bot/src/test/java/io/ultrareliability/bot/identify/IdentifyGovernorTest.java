package io.ultrareliability.bot.identify;

import io.ultrareliability.bot.testkit.ManualClock;
import io.ultrareliability.common.identify.BudgetPolicy;
import io.ultrareliability.common.identify.IdentifyLedger;
import io.ultrareliability.common.identify.LedgerStore;
import io.ultrareliability.common.identify.SessionStartLimit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The governor on a manual clock with a fake Discord: when it reads the limit, what it records. */
class IdentifyGovernorTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    /** What "Discord" says: 20 per 60 s, counting every IDENTIFY the governor admits. */
    private final AtomicInteger discordRemaining = new AtomicInteger(20);
    private final AtomicInteger reads = new AtomicInteger();
    private final List<IdentifyGovernor.View> views = new ArrayList<>();

    private IdentifyGovernor governor(LedgerStore store, IdentifyGovernor.LimitSource source) {
        return new IdentifyGovernor(store, Optional.ofNullable(source),
                new BudgetPolicy(OptionalInt.of(5), Duration.ZERO, Duration.ofSeconds(30)), 0, clock,
                Duration.ofSeconds(5), views::add);
    }

    private SessionStartLimit read(Instant at) {
        reads.incrementAndGet();
        // Discord's window: resets at T0 + 60 s, whenever it is asked
        return new SessionStartLimit(20, discordRemaining.get(), Duration.between(at, T0.plusSeconds(60)), 1, at);
    }

    @Test
    void readsTheLimitOncePerCacheTtlAndStopsAtTheReserve() {
        IdentifyGovernor g = governor(LedgerStore.inMemory(), this::read);
        int sent = 0;
        for (int i = 0; i < 30; i++) {
            IdentifyGovernor.Admission a = g.admit();
            if (a.send()) {
                sent++;
                discordRemaining.decrementAndGet();
            }
            clock.advance(Duration.ofMillis(1_000));
        }
        assertThat(sent).isEqualTo(15);
        assertThat(reads.get()).isBetween(5, 7); // every 5 s over 30 s
        IdentifyGovernor.View last = views.getLast();
        assertThat(last.waitingUntil()).isEqualTo(T0.plusSeconds(60));
        assertThat(last.remaining()).isEqualTo(5);
    }

    @Test
    void withoutDiscordTheLedgerOfAnEarlierProcessStillCounts() throws IOException {
        LedgerStore store = LedgerStore.inMemory();
        // an earlier process read 20/20 and sent 15, then died
        store.update(l -> {
            IdentifyLedger next = l.withLimit(new SessionStartLimit(20, 20, Duration.ofSeconds(60), 1, T0));
            for (int i = 0; i < 15; i++) {
                next = next.with(new io.ultrareliability.common.identify.IdentifyRecord(T0.plusSeconds(3 + i), 0));
            }
            return next;
        });
        clock.set(T0.plusSeconds(30));
        IdentifyGovernor g = governor(store, at -> {
            throw new IOException("GET http://127.0.0.1:1/api/v10/gateway/bot failed: ConnectException");
        });

        IdentifyGovernor.Admission a = g.admit();

        assertThat(a.send()).isFalse();
        assertThat(a.budget()).isTrue();
        assertThat(a.delay()).isEqualTo(Duration.ofSeconds(30));
        // after Discord's reset the whole total is back, even without a new read
        clock.set(T0.plusSeconds(61));
        assertThat(g.admit().send()).isTrue();
    }

    @Test
    void aLedgerThatCannotBeWrittenStillCountsInMemory() {
        LedgerStore broken = new LedgerStore() {
            @Override
            public IdentifyLedger load() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public IdentifyLedger update(UnaryOperator<IdentifyLedger> change) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        IdentifyGovernor g = governor(broken, null);
        // no Discord, no file: Discord's default 1000 with our reserve of 5, counted in memory
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            IdentifyGovernor.Admission a = g.admit();
            if (a.send()) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(10);
        assertThat(views.getLast().ledger24h()).isEqualTo(10);
        assertThat(views.getLast().remaining()).isEqualTo(990);
    }

    @Test
    void aNotSentIdentifyIsGivenBack() throws IOException {
        LedgerStore store = LedgerStore.inMemory();
        IdentifyGovernor g = governor(store, this::read);
        IdentifyGovernor.Admission a = g.admit();
        assertThat(store.load().entries()).hasSize(1);
        g.notSent(a);
        assertThat(store.load().entries()).isEmpty();
    }
}
