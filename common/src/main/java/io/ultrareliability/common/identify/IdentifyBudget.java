package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The IDENTIFY budget governor's rules, as pure functions: {@code now} comes in, a decision
 * with its deadline goes out. Shared by everything that identifies (the bot, the keeper).
 *
 * <p>Discord allows {@code total} IDENTIFYs per window and resets the token of a bot that
 * uses them all: every session ends and a human has to make a new token. So we keep a
 * reserve and, at or below it, wait for the reset instead. Whatever we cannot know (the limit
 * was never read, or its reset time has passed) is estimated from our own ledger, erring on
 * the side of fewer IDENTIFYs.
 */
public final class IdentifyBudget {
    /** Discord's documented default, used until the real limit has been read. */
    public static final int DEFAULT_TOTAL = 1_000;
    /**
     * An IDENTIFY recorded this close before a read may or may not be in Discord's answer yet:
     * count it as not (one IDENTIFY too many in the estimate, never one too few).
     */
    public static final Duration READ_GRACE = Duration.ofSeconds(2);

    private IdentifyBudget() {
    }

    public static BudgetEstimate estimate(Instant now, IdentifyLedger ledger) {
        requireNonNull(now, "now is null");
        requireNonNull(ledger, "ledger is null");
        int ledger24h = ledger.last24h(now);
        Optional<SessionStartLimit> read = ledger.lastLimit();
        if (read.isEmpty()) {
            int remaining = Math.max(0, DEFAULT_TOTAL - ledger24h);
            // without Discord's word, the budget frees as our own oldest IDENTIFY leaves the window
            Instant resetAt = ledger.entries().stream().map(IdentifyRecord::at)
                    .filter(at -> at.isAfter(now.minus(IdentifyLedger.WINDOW))).findFirst()
                    .map(at -> at.plus(IdentifyLedger.WINDOW)).orElse(null);
            return new BudgetEstimate(DEFAULT_TOTAL, remaining, resetAt, ledger24h, 1, false);
        }
        SessionStartLimit limit = read.get();
        if (now.isBefore(limit.resetAt())) {
            int spent = ledger.countSince(limit.observedAt().minus(READ_GRACE));
            return new BudgetEstimate(limit.total(), Math.max(0, limit.remaining() - spent), limit.resetAt(),
                    ledger24h, limit.maxConcurrency(), true);
        }
        // the read is from before the reset: the whole total again, minus what we sent since
        int spent = ledger.countSince(limit.resetAt());
        return new BudgetEstimate(limit.total(), Math.max(0, limit.total() - spent), null, ledger24h,
                limit.maxConcurrency(), true);
    }

    /** May shard {@code shardId} IDENTIFY at {@code now}? */
    public static IdentifyDecision decide(Instant now, IdentifyLedger ledger, BudgetPolicy policy, int shardId) {
        requireNonNull(policy, "policy is null");
        if (shardId < 0) {
            throw new IllegalArgumentException("shardId must be >= 0: " + shardId);
        }
        BudgetEstimate est = estimate(now, ledger);
        int reserve = policy.reserveFor(est.total());
        if (est.remaining() <= reserve) {
            Instant until = est.resetAt() != null && est.resetAt().isAfter(now) ? est.resetAt()
                    : now.plus(policy.recheck());
            return new IdentifyDecision(IdentifyDecision.Kind.WAIT_BUDGET, until, est.remaining() + " of "
                    + est.total() + " IDENTIFYs left, at or below the reserve of " + reserve
                    + ": waiting for Discord to reset the budget (until " + until + ")", est);
        }
        int bucket = shardId % est.maxConcurrency();
        Optional<Instant> last = ledger.lastInBucket(bucket, est.maxConcurrency());
        if (last.isPresent() && !policy.spacing().isZero()) {
            // a clock set back must not stretch the wait: never more than one spacing from now
            Instant free = min(last.get().plus(policy.spacing()), now.plus(policy.spacing()));
            if (free.isAfter(now)) {
                return new IdentifyDecision(IdentifyDecision.Kind.WAIT_SPACING, free, "one IDENTIFY per "
                        + policy.spacing().toMillis() + " ms in bucket " + bucket + " (shard " + shardId + " % "
                        + est.maxConcurrency() + ")", est);
            }
        }
        return new IdentifyDecision(IdentifyDecision.Kind.IDENTIFY, now, "", est);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
