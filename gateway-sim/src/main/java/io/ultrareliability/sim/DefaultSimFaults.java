package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.sim.faults.FaultSwitches;
import io.ultrareliability.sim.gateway.GatewayHub;
import io.ultrareliability.sim.state.CommandRegistry;
import io.ultrareliability.sim.state.MessageLog;
import io.ultrareliability.sim.state.PendingInteractions;
import io.ultrareliability.sim.state.SessionLedger;
import io.ultrareliability.sim.state.SimCounters;
import io.ultrareliability.sim.state.TokenRegistry;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fault switches, wired to the simulator's state. */
final class DefaultSimFaults implements SimFaults {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSimFaults.class);

    private final GatewayHub hub;
    private final FaultSwitches switches;
    private final TokenRegistry tokens;
    private final SimCounters counters;
    private final MessageLog messages;
    private final PendingInteractions interactions;
    private final CommandRegistry commands;
    private final SessionLedger ledger;
    private final InstantSource clock;

    DefaultSimFaults(GatewayHub hub, FaultSwitches switches, TokenRegistry tokens, SimCounters counters,
            MessageLog messages, PendingInteractions interactions, CommandRegistry commands, SessionLedger ledger,
            InstantSource clock) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.hub = requireNonNull(hub, "hub is null");
        this.switches = requireNonNull(switches, "switches is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.interactions = requireNonNull(interactions, "interactions is null");
        this.commands = requireNonNull(commands, "commands is null");
    }

    @Override
    public void close(int code) {
        LOG.info("fault: close every gateway connection with {}", code);
        hub.closeAll(code);
    }

    @Override
    public void drop() {
        LOG.info("fault: drop every gateway connection");
        hub.dropAll();
    }

    @Override
    public void reconnect() {
        LOG.info("fault: op 7 RECONNECT");
        hub.reconnectAll();
    }

    @Override
    public void invalidate(boolean resumable) {
        LOG.info("fault: op 9 INVALID_SESSION d={}", resumable);
        hub.invalidateAll(resumable);
    }

    @Override
    public void zombie(boolean on) {
        LOG.info("fault: zombie {}", on);
        switches.zombie(on);
    }

    @Override
    public void silence(boolean on) {
        LOG.info("fault: silence {}", on);
        switches.silence(on);
    }

    @Override
    public void refuse(Duration d) {
        LOG.info("fault: refuse gateway connections for {}", d);
        switches.refuseFor(d);
    }

    @Override
    public void rateLimit(Duration d) {
        LOG.info("fault: REST 429 for {}", d);
        switches.rateLimitFor(d);
    }

    @Override
    public void revokeTokens() {
        LOG.info("fault: tokens revoked");
        tokens.revoke();
    }

    @Override
    public void injectMessage(String channelId, String content) {
        requireNonNull(channelId, "channelId is null");
        requireNonNull(content, "content is null");
        long id;
        try {
            id = Long.parseUnsignedLong(channelId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel_id must be a snowflake, got '" + channelId + "'");
        }
        int delivered = hub.injectMessage(id, content);
        LOG.info("injected MESSAGE_CREATE into {} sessions", delivered);
    }

    @Override
    public void injectInteraction(String commandName) {
        requireNonNull(commandName, "commandName is null");
        if (commandName.isBlank() || commandName.length() > 32) {
            throw new IllegalArgumentException("command name must be 1-32 characters");
        }
        int delivered = hub.injectInteraction(commandName);
        LOG.info("injected INTERACTION_CREATE /{} into {} sessions", commandName, delivered);
    }

    @Override
    public void privilegedIntents(boolean allowed) {
        LOG.info("fault: privileged intents {}", allowed ? "allowed" : "refused (4014)");
        switches.privilegedIntentsAllowed(allowed);
    }

    @Override
    public void identifyLimit(int limit) {
        LOG.info("identify limit: {} per window", limit);
        switches.sessionStartBudget().limit(limit);
    }

    @Override
    public void identifyReset(Duration window) {
        LOG.info("identify budget resets {} after the window's first IDENTIFY", window);
        switches.sessionStartBudget().window(window);
    }

    @Override
    public void interactionDeadline(boolean enforce) {
        interactions.enforceDeadline(enforce);
    }

    @Override
    public void reset() {
        LOG.info("reset");
        switches.clear();
        tokens.restore();
        hub.reset();
        counters.reset();
        messages.clear();
        interactions.clear();
        commands.clear();
        ledger.reset(clock.instant());
    }

    @Override
    public void resetStats() {
        LOG.info("stats reset");
        ledger.reset(clock.instant());
    }
}
