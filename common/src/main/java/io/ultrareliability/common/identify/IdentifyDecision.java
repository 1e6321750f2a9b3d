package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether an IDENTIFY may be sent now and, if not, until when to wait and why.
 *
 * @param notBefore {@code now} for {@link Kind#IDENTIFY}
 * @param reason one line for logs, health and status; empty for {@link Kind#IDENTIFY}
 */
public record IdentifyDecision(Kind kind, Instant notBefore, String reason, BudgetEstimate estimate) {
    public enum Kind {
        /** Send it now (and record it first). */
        IDENTIFY,
        /** Another IDENTIFY of the same bucket was sent less than the spacing ago. */
        WAIT_SPACING,
        /** At or below the reserve: wait for Discord to reset the budget. */
        WAIT_BUDGET
    }

    public IdentifyDecision {
        requireNonNull(kind, "kind is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(estimate, "estimate is null");
    }

    public boolean identifyNow() {
        return kind == Kind.IDENTIFY;
    }

    /** How long from {@code now} until {@link #notBefore()}; never negative. */
    public Duration delay(Instant now) {
        Duration d = Duration.between(now, notBefore);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
