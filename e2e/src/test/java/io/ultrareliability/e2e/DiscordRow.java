package io.ultrareliability.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One row as Discord and its users see it: {@link #begin} zeroes the simulator's per-token
 * figures ({@code POST /_sim/stats/reset}) and starts the {@link Traffic}; the test injects its
 * fault and waits for recovery; {@link #finish} streams a little longer (the restarted bot must
 * serve live too), stops the stream, waits until every message and slash command has settled,
 * and returns the {@link Figures}.
 */
public final class DiscordRow implements AutoCloseable {
    /** Streaming after the recovery, so live delivery to the new process is part of the row. */
    public static final Duration LIVE_AFTER = Duration.ofSeconds(2);

    private final Stack stack;
    private final String name;
    private final JsonNode interactionsBefore;
    private final Traffic traffic;
    private final long t0 = System.nanoTime();

    private DiscordRow(Stack stack, String name) {
        this.stack = requireNonNull(stack, "stack is null");
        this.name = requireNonNull(name, "name is null");
        stack.sim.fault("stats/reset");
        this.interactionsBefore = stack.sim.interactions();
        if (interactionsBefore.isMissingNode()) {
            throw new AssertionError("the simulator's stats did not answer at the start of " + name);
        }
        this.traffic = Traffic.start(stack);
    }

    /** Zeroes the token's figures and starts streaming; the stack must be connected (one session). */
    public static DiscordRow begin(Stack stack, String name) {
        return new DiscordRow(stack, name);
    }

    public Traffic traffic() {
        return traffic;
    }

    /** Milliseconds since {@link #begin}. */
    public long elapsedMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Streams {@link #LIVE_AFTER} more, stops, settles (bounded) and reads the figures. */
    public Figures finish(long recoveryMs) {
        E2e.sleepMs(LIVE_AFTER.toMillis());
        traffic.stopInjecting();
        traffic.awaitMessagesSettled(Duration.ofSeconds(3), Duration.ofSeconds(30));
        // failed is known 3 s after an injection; a deferred one completes when a bot edits it
        traffic.awaitInteractionsSettled(interactionsBefore, Duration.ofSeconds(30));
        JsonNode i = stack.sim.interactions();
        JsonNode t = stack.sim.tokenStats(stack.token);
        Figures f = new Figures(name, recoveryMs, traffic.messagesInjected(), traffic.messagesSeen(),
                traffic.commandsInjected(), Traffic.delta(i, interactionsBefore, "injected"),
                Traffic.delta(i, interactionsBefore, "failed"),
                Traffic.delta(i, interactionsBefore, "completed"), Traffic.delta(i, interactionsBefore, "late_callbacks"),
                t.path("identifies").asLong(-1), t.path("resumes").asLong(-1), t.path("sessions_ended").asLong(-1),
                t.path("max_sessions_connected").asInt(-1), t.path("offline_ms").asLong(-1), traffic.refused());
        traffic.close();
        f.record();
        System.out.println("FIGURES " + f.line() + (traffic.refused() == 0 ? "" : "; first refused injection: "
                + traffic.firstRefusal()));
        return f;
    }

    @Override
    public void close() {
        traffic.close();
    }

    /** What Discord and its users saw during one row (the simulator's and the bot's figures). */
    /**
     * @param commandsInjected slash commands the users issued
     * @param simInteractions INTERACTION_CREATEs the simulator dispatched: one per command and per session
     *     it holds for the token, so more than the commands while a killed bot's session is still resumable
     *     (keeper off); the same number with the keeper (one session)
     * @param commandsFailed the simulator's failed (no acknowledgement within 3 s), those extra copies included
     */
    public record Figures(String row, long recoveryMs, long messagesInjected, long messagesSeen, long commandsInjected,
            long simInteractions, long commandsFailed, long commandsCompleted, long lateCallbacks, long identifies, long resumes,
            long sessionsEnded, int maxSessionsConnected, long offlineMs, long injectionsRefused) {
        public Figures {
            requireNonNull(row, "row is null");
        }

        public long messagesLost() {
            return Math.max(0, messagesInjected - messagesSeen);
        }

        /** Messages a bot read more than once (at-least-once paths), counted as a surplus. */
        public long messagesDuplicated() {
            return Math.max(0, messagesSeen - messagesInjected);
        }

        /** What users saw fail: slash commands that were not completed ("failed", or "thinking…" forever). */
        public long commandsNotCompleted() {
            return commandsInjected - commandsCompleted;
        }

        /** Interactions the simulator counts neither completed nor failed: a "thinking…" that never ends. */
        public long commandsUnanswered() {
            return simInteractions - commandsCompleted - commandsFailed;
        }

        public String line() {
            return row + ": recovery " + recoveryMs + " ms; messages " + messagesSeen + "/" + messagesInjected + " seen ("
                    + messagesLost() + " lost, " + messagesDuplicated() + " twice); slash commands " + commandsInjected
                    + " issued, " + commandsCompleted + " completed, " + commandsNotCompleted() + " not completed (simulator: "
                    + simInteractions + " dispatched, " + commandsFailed + " failed, " + commandsUnanswered()
                    + " never answered, " + lateCallbacks + " late); IDENTIFYs " + identifies
                    + ", RESUMEs " + resumes + ", sessions ended " + sessionsEnded + ", max sessions " + maxSessionsConnected
                    + ", offline " + offlineMs + " ms";
        }

        /** Appends a line to target/e2e-discord.csv. */
        void record() {
            try {
                Path csv = Path.of("target", "e2e-discord.csv");
                if (!Files.exists(csv)) {
                    Files.writeString(csv, "row,recovery_ms,messages_injected,messages_seen,commands_injected,"
                            + "commands_completed,commands_not_completed,identifies,resumes,sessions_ended,max_sessions,offline_ms\n");
                }
                Files.writeString(csv, "\"" + row + "\"," + recoveryMs + "," + messagesInjected + "," + messagesSeen + ","
                        + commandsInjected + "," + commandsCompleted + "," + commandsNotCompleted() + "," + identifies + "," + resumes
                        + "," + sessionsEnded + "," + maxSessionsConnected + "," + offlineMs + "\n", StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a missing figure is not a failure of the stack
            }
        }
    }
}
