package io.ultrareliability.sim.faults;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The standing faults (as opposed to one-shot actions like close or drop). Time-boxed faults
 * store a deadline and read the time through an {@link InstantSource}, so they can be tested
 * without sleeping.
 */
public final class FaultSwitches {
    private final InstantSource clock;
    private volatile boolean zombie;
    private volatile boolean silence;
    private volatile boolean privilegedIntentsAllowed = true;
    private volatile Instant refuseUntil = Instant.MIN;
    private volatile Instant rateLimitUntil = Instant.MIN;
    private final SessionStartBudget sessionStartBudget;

    public FaultSwitches(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.sessionStartBudget = new SessionStartBudget(clock);
    }

    /** Discord's session_start_limit, enforced (issue 13). */
    public SessionStartBudget sessionStartBudget() {
        return sessionStartBudget;
    }

    public boolean zombie() {
        return zombie;
    }

    public void zombie(boolean on) {
        zombie = on;
    }

    public boolean silence() {
        return silence;
    }

    public void silence(boolean on) {
        silence = on;
    }

    /** Whether IDENTIFY may ask for GUILD_MEMBERS, GUILD_PRESENCES or MESSAGE_CONTENT (else 4014). */
    public boolean privilegedIntentsAllowed() {
        return privilegedIntentsAllowed;
    }

    public void privilegedIntentsAllowed(boolean allowed) {
        privilegedIntentsAllowed = allowed;
    }

    public void refuseFor(Duration d) {
        refuseUntil = clock.instant().plus(nonNegative(d));
    }

    public boolean refusing() {
        return clock.instant().isBefore(refuseUntil);
    }

    public void rateLimitFor(Duration d) {
        rateLimitUntil = clock.instant().plus(nonNegative(d));
    }

    /** Time left in the rate-limit fault, or zero when REST answers normally. */
    public Duration rateLimitRemaining() {
        Instant now = clock.instant();
        return now.isBefore(rateLimitUntil) ? Duration.between(now, rateLimitUntil) : Duration.ZERO;
    }

    public void clear() {
        zombie = false;
        silence = false;
        privilegedIntentsAllowed = true;
        refuseUntil = Instant.MIN;
        rateLimitUntil = Instant.MIN;
        sessionStartBudget.refill();
    }

    private static Duration nonNegative(Duration d) {
        requireNonNull(d, "duration is null");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + d);
        }
        return d;
    }
}
