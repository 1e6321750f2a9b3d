package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How careful to be with the IDENTIFY budget.
 *
 * @param reserve never IDENTIFY while this many or fewer are left; empty: 10 % of {@code total}
 * @param spacing minimum time between two IDENTIFYs of one bucket (Discord: 5 s; a simulator: 0)
 * @param recheck how long to wait when the reset time is unknown before asking Discord again
 */
public record BudgetPolicy(OptionalInt reserve, Duration spacing, Duration recheck) {
    public static final Duration DISCORD_SPACING = Duration.ofSeconds(5);

    public BudgetPolicy {
        requireNonNull(reserve, "reserve is null");
        requireNonNull(spacing, "spacing is null");
        requireNonNull(recheck, "recheck is null");
        if (reserve.isPresent() && reserve.getAsInt() < 0) {
            throw new IllegalArgumentException("reserve must be >= 0: " + reserve.getAsInt());
        }
        if (spacing.isNegative()) {
            throw new IllegalArgumentException("spacing is negative: " + spacing);
        }
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be > 0: " + recheck);
        }
    }

    /** Discord's rules with the default reserve: 10 %, 5 s, ask again after a minute. */
    public static BudgetPolicy discord() {
        return new BudgetPolicy(OptionalInt.empty(), DISCORD_SPACING, Duration.ofMinutes(1));
    }

    /** The reserve for a budget of {@code total}: the configured one, else 10 % rounded up. */
    public int reserveFor(int total) {
        return reserve.orElse((total + 9) / 10);
    }
}
