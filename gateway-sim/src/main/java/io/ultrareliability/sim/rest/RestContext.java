package io.ultrareliability.sim.rest;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.sim.faults.FaultSwitches;
import io.ultrareliability.sim.state.CommandRegistry;
import io.ultrareliability.sim.state.MessageLog;
import io.ultrareliability.sim.state.PendingInteractions;
import io.ultrareliability.sim.state.SimCounters;
import io.ultrareliability.sim.state.SimIds;
import io.ultrareliability.sim.state.TokenRegistry;
import java.time.InstantSource;
import java.util.function.Supplier;

/** What the REST routes read and change. */
public record RestContext(
        TokenRegistry tokens,
        SimCounters counters,
        FaultSwitches faults,
        MessageLog messages,
        PendingInteractions interactions,
        CommandRegistry commands,
        SimIds ids,
        InstantSource clock,
        int guilds,
        Supplier<String> gatewayUrl) {
    public RestContext {
        requireNonNull(tokens, "tokens is null");
        requireNonNull(counters, "counters is null");
        requireNonNull(faults, "faults is null");
        requireNonNull(messages, "messages is null");
        requireNonNull(interactions, "interactions is null");
        requireNonNull(commands, "commands is null");
        requireNonNull(ids, "ids is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(gatewayUrl, "gatewayUrl is null");
    }
}
