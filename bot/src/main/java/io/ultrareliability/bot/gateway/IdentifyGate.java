package io.ultrareliability.bot.gateway;

import io.ultrareliability.bot.identify.IdentifyGovernor;

import static java.util.Objects.requireNonNull;

/**
 * Asked by the session controllers right before a connect that will IDENTIFY (a RESUME is
 * free and never asks). Shared by every JDA instance the process builds, so fresh instances
 * respect the budget and the spacing too. It books nothing ahead: only an IDENTIFY that is
 * actually sent is charged (issue 13: a burst of reconnect requests once booked the next
 * IDENTIFY 17.6 minutes away), and a connect that never opened its socket is refunded.
 */
public final class IdentifyGate {
    private final IdentifyGovernor governor;

    public IdentifyGate(IdentifyGovernor governor) {
        this.governor = requireNonNull(governor, "governor is null");
    }

    /** May an IDENTIFY be sent now? If so it is recorded (before it is sent). */
    public IdentifyGovernor.Admission admit() {
        return governor.admit();
    }

    /** The admitted IDENTIFY was never sent (the socket did not open): take it back. */
    public void notSent(IdentifyGovernor.Admission admission) {
        governor.notSent(admission);
    }
}
