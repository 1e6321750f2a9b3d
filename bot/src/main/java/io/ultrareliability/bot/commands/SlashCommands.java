package io.ultrareliability.bot.commands;

import io.ultrareliability.bot.health.HealthState;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * {@code /ping} and {@code /status}: registered with every new session, answered on a pool of
 * their own so a slow command never holds up JDA's event thread. An exception in a command
 * gets a short friendly reply and a full stack trace in the log (seed 002's on_command_error);
 * it never reaches JDA.
 */
public final class SlashCommands extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SlashCommands.class);

    private final HealthState health;
    private final ExecutorService pool;

    public SlashCommands(HealthState health, ExecutorService pool) {
        this.health = requireNonNull(health, "health is null");
        this.pool = requireNonNull(pool, "pool is null");
    }

    @Override
    public void onReady(ReadyEvent event) {
        register(event.getJDA());
    }

    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
        register(event.getJDA());
    }

    private void register(net.dv8tion.jda.api.JDA jda) {
        jda.updateCommands()
                .addCommands(
                        Commands.slash("ping", "Gateway and REST latency of the bot"),
                        Commands.slash("status", "Uptime, reconnects and resumes of the bot"))
                .queue(cmds -> LOG.info("Registered slash commands: {}", cmds.size()),
                        err -> LOG.warn("Could not register slash commands: {}", err.toString()));
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        try {
            pool.execute(() -> run(event));
        } catch (RejectedExecutionException e) {
            LOG.warn("Command /{} dropped: the bot is shutting down", event.getName());
        }
    }

    private void run(SlashCommandInteractionEvent event) {
        String name = event.getName();
        try {
            String reply = switch (name) {
                case "ping" -> ping(event);
                case "status" -> status();
                default -> throw new IllegalArgumentException("unknown command /" + name);
            };
            InteractionAnswer.send(event, reply, false);
        } catch (Exception e) {
            LOG.error("Command /{} failed", name, e);
            try {
                InteractionAnswer.send(event, "Sorry, /" + name + " failed on our side. The error has been logged.",
                        true);
            } catch (RuntimeException again) {
                LOG.error("Could not send the error reply to /{}", name, again);
            }
        }
    }

    private String ping(SlashCommandInteractionEvent event) throws Exception {
        long gateway = event.getJDA().getGatewayPing();
        // An interaction must be answered within 3 s: measure REST, but not for longer than 2 s
        // (under a 429 the measurement waits for the rate limit; the answer must not).
        String rest;
        try {
            rest = event.getJDA().getRestPing().submit().get(2, TimeUnit.SECONDS) + " ms";
        } catch (TimeoutException e) {
            rest = "over 2000 ms (rate limited or slow)";
        }
        return "Pong! gateway " + (gateway < 0 ? "n/a" : gateway + " ms") + ", REST " + rest;
    }

    private String status() {
        HealthState.Snapshot s = health.snapshot(false);
        return "Status: " + s.state().label() + ", up " + human(Duration.ofSeconds(s.processUptimeSeconds()))
                + ", connected for " + human(Duration.ofSeconds(s.uptimeSeconds()))
                + ", fresh instances " + s.freshInstances() + ", resumes " + s.resumes()
                + ", new sessions " + s.newSessions() + ", disconnects " + s.disconnects();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
