package io.ultrareliability.sim.jda;

import io.ultrareliability.sim.GatewaySim;
import java.time.Duration;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;

/** A real JDA client logged into a {@link GatewaySim}, closed with the test. */
public final class SimJda implements AutoCloseable {
    private final JDA jda;
    private final ImmediateSessionController controller;
    private final EventRecorder events = new EventRecorder();

    private SimJda(GatewaySim sim, String token, Compression compression, EventListener... listeners) {
        controller = new ImmediateSessionController(sim.gatewayUrl().toString());
        JDABuilder builder = JDABuilder.createLight(token, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
                .setRestConfig(new RestConfig().setBaseUrl(sim.restBaseUrl().toString()))
                .setSessionController(controller)
                .setCompression(compression)
                .addEventListeners(events);
        builder.addEventListeners((Object[]) listeners);
        jda = builder.build();
    }

    /** Logs in with {@code Compression.NONE}, as the bot does against the simulator. */
    public static SimJda login(GatewaySim sim, String token, EventListener... listeners) {
        return new SimJda(sim, token, Compression.NONE, listeners);
    }

    public static SimJda login(GatewaySim sim, String token, Compression compression) {
        return new SimJda(sim, token, compression);
    }

    public JDA jda() {
        return jda;
    }

    public EventRecorder events() {
        return events;
    }

    @Override
    public void close() {
        jda.shutdownNow();
        try {
            if (!jda.awaitShutdown(Duration.ofSeconds(10))) {
                throw new IllegalStateException("JDA did not shut down within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JDA shut down", e);
        } finally {
            controller.shutdown();
        }
    }
}
