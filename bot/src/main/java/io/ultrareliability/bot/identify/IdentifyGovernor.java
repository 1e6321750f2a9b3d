package io.ultrareliability.bot.identify;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.identify.BudgetEstimate;
import io.ultrareliability.common.identify.BudgetPolicy;
import io.ultrareliability.common.identify.IdentifyBudget;
import io.ultrareliability.common.identify.IdentifyDecision;
import io.ultrareliability.common.identify.IdentifyLedger;
import io.ultrareliability.common.identify.IdentifyRecord;
import io.ultrareliability.common.identify.LedgerStore;
import io.ultrareliability.common.identify.SessionStartLimit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asked before every IDENTIFY (never before a RESUME: those are free). Reads
 * {@code session_start_limit} when the cached one is older than the TTL or its reset has passed,
 * applies {@link IdentifyBudget}'s rules, and records an IDENTIFY in the persisted ledger
 * <em>before</em> it is sent, so a kill -9 right after cannot make the next process forget it.
 * What it knows is published (health, status) after every decision.
 */
public final class IdentifyGovernor {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyGovernor.class);

    /** Where {@code session_start_limit} comes from (Discord's REST, or nothing in tests). */
    public interface LimitSource {
        SessionStartLimit read(Instant now) throws IOException;
    }

    /**
     * @param send true: the IDENTIFY is recorded, send it now; false: ask again after {@code delay}
     * @param recorded the ledger entry when {@code send}, else null
     */
    public record Admission(boolean send, Duration delay, String reason, boolean budget, IdentifyRecord recorded) {
    }

    /** What {@code identify_budget} shows; {@code waitingUntil} is null unless waiting for the budget. */
    public record View(int remaining, int total, Instant resetAt, int ledger24h, Instant waitingUntil,
                       String reason, boolean known, String ledger) {
    }

    private final LedgerStore store;
    private final Optional<LimitSource> source;
    private final BudgetPolicy policy;
    private final int shardId;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Consumer<View> publish;
    private IdentifyLedger memory = IdentifyLedger.empty();
    private Instant lastRead;
    private String lastReadError = "";

    public IdentifyGovernor(LedgerStore store, Optional<LimitSource> source, BudgetPolicy policy, int shardId,
                            Clock clock, Duration cacheTtl, Consumer<View> publish) {
        this.store = requireNonNull(store, "store is null");
        this.source = requireNonNull(source, "source is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.shardId = Math.max(0, shardId);
        this.clock = requireNonNull(clock, "clock is null");
        this.cacheTtl = requireNonNull(cacheTtl, "cacheTtl is null");
        this.publish = requireNonNull(publish, "publish is null");
    }

    /** At start: show what the ledger says before the first IDENTIFY. */
    public synchronized void publishNow() {
        Instant now = clock.instant();
        IdentifyLedger ledger = load(now);
        publish.accept(view(IdentifyBudget.estimate(now, ledger), null, ""));
    }

    public synchronized Admission admit() {
        Instant now = clock.instant();
        refreshIfStale(now);
        IdentifyLedger ledger = load(now);
        IdentifyDecision d = IdentifyBudget.decide(now, ledger, policy, shardId);
        if (!d.identifyNow()) {
            boolean budget = d.kind() == IdentifyDecision.Kind.WAIT_BUDGET;
            publish.accept(view(d.estimate(), budget ? d.notBefore() : null, budget ? d.reason() : ""));
            return new Admission(false, d.delay(now), d.reason(), budget, null);
        }
        IdentifyRecord sent = new IdentifyRecord(now, shardId);
        try {
            memory = store.update(l -> l.pruned(now).with(sent));
        } catch (IOException e) {
            // the read limit still protects the budget; the ledger is kept in memory meanwhile
            LOG.error("Cannot record the IDENTIFY in {}: {}", store.describe(), e.toString());
            memory = memory.pruned(now).with(sent);
        }
        publish.accept(view(IdentifyBudget.estimate(now, memory), null, ""));
        return new Admission(true, Duration.ZERO, "", false, sent);
    }

    /** The admitted IDENTIFY was never sent: the socket did not open. */
    public synchronized void notSent(Admission admission) {
        if (admission == null || admission.recorded() == null) {
            return;
        }
        IdentifyRecord r = admission.recorded();
        try {
            memory = store.update(l -> l.without(r));
        } catch (IOException e) {
            LOG.warn("Cannot update the IDENTIFY ledger {}: {}", store.describe(), e.toString());
            memory = memory.without(r);
        }
        Instant now = clock.instant();
        publish.accept(view(IdentifyBudget.estimate(now, memory.pruned(now)), null, ""));
    }

    private void refreshIfStale(Instant now) {
        if (source.isEmpty()) {
            return;
        }
        Optional<SessionStartLimit> known = memory.lastLimit();
        boolean stale = lastRead == null || Duration.between(lastRead, now).compareTo(cacheTtl) >= 0
                || known.isEmpty() || !now.isBefore(known.get().resetAt());
        if (!stale) {
            return;
        }
        try {
            SessionStartLimit limit = source.get().read(now);
            lastRead = now;
            lastReadError = "";
            try {
                memory = store.update(l -> l.pruned(now).withLimit(limit));
            } catch (IOException e) {
                LOG.error("Cannot write the session_start_limit to {}: {}", store.describe(), e.toString());
                memory = memory.withLimit(limit);
            }
        } catch (IOException e) {
            if (!e.getMessage().equals(lastReadError)) {
                LOG.warn("Cannot read session_start_limit ({}); deciding from the ledger", e.getMessage());
                lastReadError = e.getMessage();
            }
        }
    }

    private IdentifyLedger load(Instant now) {
        try {
            IdentifyLedger stored = store.load();
            // entries this process could not write (a full disk) still count: keep the longer list
            IdentifyLedger base = stored.entries().size() >= memory.entries().size() ? stored : memory;
            Optional<SessionStartLimit> newest = newest(stored.lastLimit(), memory.lastLimit());
            memory = newest.map(base::withLimit).orElse(base);
        } catch (IOException e) {
            LOG.warn("Cannot read the IDENTIFY ledger {}: {}", store.describe(), e.toString());
        }
        return memory.pruned(now);
    }

    private static Optional<SessionStartLimit> newest(Optional<SessionStartLimit> a, Optional<SessionStartLimit> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().observedAt().isBefore(b.get().observedAt()) ? b : a;
    }

    private View view(BudgetEstimate e, Instant waitingUntil, String reason) {
        return new View(e.remaining(), e.total(), e.resetAt(), e.ledger24h(), waitingUntil, reason, e.known(),
                store.describe());
    }
}
