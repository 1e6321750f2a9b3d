package io.ultrareliability.bot.gateway;

import io.ultrareliability.common.gateway.CloseCodePolicy;
import io.ultrareliability.bot.connection.ConnectionEvents;
import io.ultrareliability.bot.health.HealthState;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.ExceptionEvent;
import net.dv8tion.jda.api.events.GatewayPingEvent;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionInvalidateEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Watches one JDA instance: writes what happens into {@link HealthState} and reports the
 * lifecycle to the connection manager. It runs on JDA's event pool, does no I/O and never
 * blocks, so it cannot delay heartbeat handling. Every transition is logged.
 */
public final class LifecycleListener implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.ultrareliability.bot.Gateway");

    private final int generation;
    private final HealthState health;
    private final ConnectionEvents events;
    private final GenerationFence fence;
    /** Set by READY, cleared by the first of JDA's invalidation events. */
    private volatile boolean sessionValid;

    public LifecycleListener(int generation, HealthState health, ConnectionEvents events, GenerationFence fence) {
        this.generation = generation;
        this.fence = requireNonNull(fence, "fence is null");
        this.health = requireNonNull(health, "health is null");
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public void onEvent(GenericEvent event) {
        boolean current = health.isCurrent(generation);
        switch (event) {
            case GatewayPingEvent ping -> {
                if (current) {
                    health.heartbeatAck();
                }
                events.activity(generation);
            }
            case RawGatewayEvent raw -> {
                health.events().dispatch(raw.getType());
                if (current) {
                    health.event();
                    if ("READY".equals(raw.getType())) {
                        health.sessionId(raw.getPayload().hasKey("session_id"));
                    }
                }
                if ("READY".equals(raw.getType())) {
                    sessionValid = true;
                }
                events.activity(generation);
            }
            case StatusChangeEvent change -> {
                LOG.debug("[#{}] JDA status {} -> {}", generation, change.getOldStatus(), change.getNewStatus());
                if (change.getNewStatus() == JDA.Status.CONNECTED) {
                    if (fence.isRetired(generation)) {
                        // defence in depth: a given-up instance must not keep a session
                        LOG.warn("[#{}] Instance was given up but connected anyway; shutting it down", generation);
                        change.getJDA().shutdownNow();
                        return;
                    }
                    events.connected(generation);
                }
            }
            case ReadyEvent ready -> {
                if (current) {
                    health.newSession();
                }
                LOG.info("[#{}] Connected: new gateway session (READY) as {}, {} guild(s)", generation,
                        ready.getJDA().getSelfUser().getName(), ready.getGuildTotalCount());
            }
            case SessionRecreateEvent recreate -> {
                if (current) {
                    health.newSession();
                }
                LOG.info("[#{}] Reconnected with a new gateway session (the old one could not be resumed)",
                        generation);
            }
            case SessionResumeEvent resume -> {
                if (current) {
                    health.resumed();
                }
                LOG.info("[#{}] Resumed the gateway session", generation);
            }
            case SessionInvalidateEvent invalidate -> {
                if (current) {
                    health.sessionId(false);
                }
                // JDA reports one invalidation twice (op 9, then the close it causes)
                if (sessionValid) {
                    sessionValid = false;
                    LOG.warn("[#{}] Gateway session invalidated; JDA will identify anew", generation);
                }
            }
            case SessionDisconnectEvent disconnect -> onDisconnect(disconnect, current);
            case ShutdownEvent shutdown -> {
                LOG.warn("[#{}] JDA instance shut down (code {}: {})", generation, shutdown.getCode(),
                        CloseCodePolicy.verdict(shutdown.getCode()).meaning());
                events.shutDown(generation, shutdown.getCode());
            }
            case ExceptionEvent error -> {
                if (current) {
                    health.error();
                }
                if (!error.isLogged()) {
                    LOG.error("[#{}] Error in the gateway connection", generation, error.getCause());
                }
            }
            default -> {
                // other events are for the command listener
            }
        }
    }

    private void onDisconnect(SessionDisconnectEvent event, boolean current) {
        boolean byServer = event.isClosedByServer() && event.getServiceCloseFrame() != null;
        int code;
        if (byServer) {
            code = event.getServiceCloseFrame().getCloseCode();
        } else if (event.getClientCloseFrame() != null) {
            code = event.getClientCloseFrame().getCloseCode();
        } else {
            code = 1006;
        }
        if (current) {
            health.disconnected(code);
        }
        String reason = byServer && event.getServiceCloseFrame().getCloseReason() != null
                ? event.getServiceCloseFrame().getCloseReason() : "";
        LOG.warn("[#{}] Disconnected from the gateway: close {} by {} ({}{}); JDA is reconnecting", generation, code,
                byServer ? "server" : "client", CloseCodePolicy.verdict(code).meaning(),
                reason.isEmpty() ? "" : ", reason '" + reason + "'");
        events.disconnected(generation, code, byServer);
    }
}
