package io.ultrareliability.bot.gateway;

import io.ultrareliability.bot.config.BotConfig;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.bot.connection.ConnectionEvents;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.bot.runtime.ConnectionManager;
import io.ultrareliability.bot.runtime.LaunchException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Builds a fresh, fully configured JDA instance for each generation (seed 000: never reuse an
 * instance that failed). Each has its own session controller and event thread; all of them
 * share the IDENTIFY gate and write into the same {@link HealthState}.
 */
public final class JdaLauncher implements ConnectionManager.Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(JdaLauncher.class);
    /** JDA refuses less; our overseer replaces an instance long before JDA's backoff gets there. */
    private static final int JDA_MAX_RECONNECT_DELAY_S = 32;

    private final BotConfig config;
    private final Token token;
    private final GatewayUrlResolver resolver;
    private final IdentifyGate gate;
    private final LongSupplier millis;
    private final HealthState health;
    private final EventListener commands;
    private final GenerationFence fence = new GenerationFence();

    public JdaLauncher(BotConfig config, Token token, GatewayUrlResolver resolver, IdentifyGate gate,
                       LongSupplier millis, HealthState health, EventListener commands) {
        this.config = requireNonNull(config, "config is null");
        this.token = requireNonNull(token, "token is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.millis = requireNonNull(millis, "millis is null");
        this.health = requireNonNull(health, "health is null");
        this.commands = requireNonNull(commands, "commands is null");
    }

    @Override
    public ConnectionManager.Instance launch(int generation, ConnectionEvents events) throws LaunchException {
        String gateway;
        try {
            gateway = resolver.resolve();
        } catch (IOException e) {
            throw new LaunchException("cannot find the gateway URL: " + e.getMessage(), false, e);
        }
        LOG.info("Instance #{}: REST {}, gateway {}{}", generation,
                config.apiBaseUrl().map(Object::toString).orElse(RestConfig.DEFAULT_BASE_URL), gateway,
                config.keeperMode() ? " (keeper)" : "");
        health.gateway(config.keeperMode() ? HealthState.GATEWAY_KEEPER : HealthState.GATEWAY_DIRECT, gateway);
        GatewaySessionController controller = new GatewaySessionController(gateway, config.shardCount(), gate,
                millis, "session-controller-" + generation, generation, fence);
        ExecutorService eventPool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jda-events-" + generation);
            t.setDaemon(true);
            return t;
        });
        JDABuilder builder = JDABuilder.createLight(token.reveal(),
                        EnumSet.of(GatewayIntent.GUILD_MESSAGES))
                .setSessionController(controller)
                .setEventPool(eventPool, true)
                .setRawEventsEnabled(true)
                // the raw dispatch on each event: a keeper marks interactions it deferred (issue 17)
                .setEventPassthrough(true)
                .setEnableShutdownHook(false)
                .setAutoReconnect(true)
                .setMaxReconnectDelay(JDA_MAX_RECONNECT_DELAY_S)
                .addEventListeners(new LifecycleListener(generation, health, events, fence), commands);
        config.apiBaseUrl().ifPresent(base -> builder
                .setRestConfig(new RestConfig().setBaseUrl(base.toString()))
                // a simulator speaks plain JSON text frames
                .setCompression(Compression.NONE));
        if (config.keeperMode()) {
            // a keeper on 127.0.0.1 speaks plain JSON text frames too: compressing a local hop buys nothing
            builder.setCompression(Compression.NONE);
        }
        if (config.sharded()) {
            builder.useSharding(config.shardId(), config.shardCount());
        }
        try {
            JDA jda = builder.build();
            return new JdaInstance(jda, controller);
        } catch (InvalidTokenException e) {
            controller.close();
            throw new LaunchException("the Discord token was rejected at login (REST 401): check DISCORD_TOKEN",
                    true, null);
        } catch (RuntimeException e) {
            controller.close();
            eventPool.shutdownNow();
            throw new LaunchException("login failed: " + oneLine(e), false, e);
        }
    }

    @Override
    public void retire(int generation) {
        fence.retire(generation);
    }

    private static String oneLine(Throwable e) {
        String msg = e.getMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    private record JdaInstance(JDA jda, GatewaySessionController controller) implements ConnectionManager.Instance {
        @Override
        public boolean connected() {
            return jda.getStatus() == JDA.Status.CONNECTED;
        }

        @Override
        public void discard() {
            // the controller first: it returns once no connect is in progress and none can
            // start, so the shutdown below sees (and closes) any socket that was just opened
            try {
                controller.close();
            } finally {
                jda.shutdownNow();
            }
        }

        @Override
        public void close(Duration timeout) {
            try {
                jda.shutdown();
                if (!jda.awaitShutdown(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    jda.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jda.shutdownNow();
            } finally {
                controller.close();
            }
        }
    }
}
