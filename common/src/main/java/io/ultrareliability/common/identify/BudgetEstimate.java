package io.ultrareliability.common.identify;

import java.time.Instant;

/**
 * What is left of the budget, as far as we know: the last {@code session_start_limit} read,
 * minus the IDENTIFYs recorded since.
 *
 * @param resetAt when Discord gives the budget back; null when unknown (not read yet, or passed)
 * @param ledger24h IDENTIFYs recorded in the last 24 h
 * @param known false when Discord's limit was never read (the estimate is the ledger's alone)
 */
public record BudgetEstimate(int total, int remaining, Instant resetAt, int ledger24h, int maxConcurrency,
                             boolean known) {
    public BudgetEstimate {
        if (total < 1 || remaining < 0 || ledger24h < 0 || maxConcurrency < 1) {
            throw new IllegalArgumentException("invalid estimate: total " + total + ", remaining " + remaining
                    + ", ledger " + ledger24h + ", concurrency " + maxConcurrency);
        }
    }
}
