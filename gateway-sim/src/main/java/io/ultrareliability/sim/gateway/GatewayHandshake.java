package io.ultrareliability.sim.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.faults.FaultSwitches;
import io.ultrareliability.sim.state.Entities;
import io.ultrareliability.sim.state.SessionLedger;
import io.ultrareliability.sim.state.SimCounters;
import io.ultrareliability.sim.state.SimIds;
import io.ultrareliability.sim.state.TokenRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** IDENTIFY, RESUME and REQUEST_GUILD_MEMBERS: validation, session creation and replay. */
final class GatewayHandshake {
    private final TokenRegistry tokens;
    private final SimCounters counters;
    private final FaultSwitches faults;
    private final Map<String, GatewaySession> sessions;
    private final ShardLayout layout;
    private final InstantSource clock;
    private final Supplier<String> gatewayUrl;
    private final SessionLedger ledger;
    private final Duration resumeWindow;
    private final Runnable recount;

    GatewayHandshake(TokenRegistry tokens, SimCounters counters, FaultSwitches faults,
            Map<String, GatewaySession> sessions, ShardLayout layout, InstantSource clock, Supplier<String> gatewayUrl,
            SessionLedger ledger, Duration resumeWindow, Runnable recount) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.resumeWindow = requireNonNull(resumeWindow, "resumeWindow is null");
        this.recount = requireNonNull(recount, "recount is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.faults = requireNonNull(faults, "faults is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
    }

    void identify(GatewayConnection connection, JsonNode d) {
        Optional<Integer> tokenIndex = tokens.accept(d.path("token").asText(null));
        if (tokenIndex.isEmpty()) {
            connection.closeWith(GatewayCloseCodes.AUTHENTICATION_FAILED);
            return;
        }
        JsonNode intents = d.path("intents");
        if (!intents.canConvertToLong() || !intents.isIntegralNumber()
                || (intents.longValue() & ~GatewayOps.ALL_INTENTS) != 0 || intents.longValue() < 0) {
            connection.closeWith(GatewayCloseCodes.INVALID_INTENTS);
            return;
        }
        if (!faults.privilegedIntentsAllowed() && (intents.longValue() & GatewayOps.PRIVILEGED_INTENTS) != 0) {
            connection.closeWith(GatewayCloseCodes.DISALLOWED_INTENTS);
            return;
        }
        int shardId = 0;
        int shardCount = 1;
        JsonNode shard = d.path("shard");
        if (!shard.isMissingNode() && !shard.isNull()) {
            if (!shard.isArray() || shard.size() != 2 || !shard.get(0).isInt() || !shard.get(1).isInt()
                    || shard.get(1).intValue() < 1 || shard.get(0).intValue() < 0
                    || shard.get(0).intValue() >= shard.get(1).intValue()) {
                connection.closeWith(GatewayCloseCodes.INVALID_SHARD);
                return;
            }
            shardId = shard.get(0).intValue();
            shardCount = shard.get(1).intValue();
        }
        int token = tokenIndex.get();
        GatewaySession session = new GatewaySession(
                UUID.randomUUID().toString().replace("-", ""), token, shardId, shardCount,
                intents.longValue(), () -> ledger.ended(token));
        if (!connection.markIdentified(session)) {
            return; // a fault is closing this connection: no session
        }
        counters.identifies.incrementAndGet();
        ledger.identified(token);
        session.attach(connection);
        List<Integer> guildIndexes = layout.guildsOf(shardId, shardCount);
        session.queue("READY", Payloads.ready(session, guildIndexes, gatewayUrl.get()));
        for (int index : guildIndexes) {
            session.queue("GUILD_CREATE", Entities.guild(index, session.tokenIndex(), clock.instant()));
        }
        // Published after READY and the GUILD_CREATEs got their sequence numbers (so no injected
        // event can overtake them) and before the client sees them (so stats already count it).
        sessions.put(session.id(), session);
        recount.run();
        connection.flush();
    }

    void resume(GatewayConnection connection, JsonNode d) {
        Optional<Integer> tokenIndex = tokens.accept(d.path("token").asText(null));
        if (tokenIndex.isEmpty()) {
            connection.closeWith(GatewayCloseCodes.AUTHENTICATION_FAILED);
            return;
        }
        GatewaySession session = sessions.get(d.path("session_id").asText(""));
        JsonNode seq = d.path("seq");
        if (session == null || session.tokenIndex() != tokenIndex.get()) {
            connection.send(Payloads.invalidSession(false));
            return;
        }
        long clientSeq = seq.isIntegralNumber() ? seq.longValue() : 0;
        GatewaySession.Resume resume = session.resume(connection, clientSeq, clock.instant(), resumeWindow);
        switch (resume.result()) {
            case INVALID_SESSION -> connection.send(Payloads.invalidSession(false));
            case INVALID_SEQ -> connection.closeWith(GatewayCloseCodes.INVALID_SEQ);
            case RESUMED -> {
                if (connection.markIdentified(session)) {
                    counters.resumes.incrementAndGet();
                    ledger.resumed(session.tokenIndex());
                    recount.run();
                    connection.flush();
                } else {
                    session.detach(connection, clock.instant()); // a fault closed it meanwhile
                }
                if (resume.previous() != null) {
                    resume.previous().closeFromServer(GatewayCloseCodes.UNKNOWN_ERROR, "Session resumed elsewhere.");
                }
            }
        }
    }

    /** Op 8: answers with one GUILD_MEMBERS_CHUNK per requested guild of this session. */
    void requestGuildMembers(GatewayConnection connection, JsonNode d) {
        GatewaySession session = connection.session();
        JsonNode requested = d.path("guild_id");
        List<JsonNode> guildIds = new ArrayList<>();
        if (requested.isArray()) {
            requested.forEach(guildIds::add);
        } else {
            guildIds.add(requested);
        }
        for (JsonNode guildId : guildIds) {
            int index = SimIds.guildIndexOf(guildId.asLong(-1), layout.guilds());
            if (index >= 0 && layout.holds(session, index)) {
                session.dispatch("GUILD_MEMBERS_CHUNK",
                        Payloads.membersChunk(index, session.tokenIndex(), d.path("nonce").asText(null)));
            }
        }
    }
}
