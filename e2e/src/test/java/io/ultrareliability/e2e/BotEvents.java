package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * What the bot processes say they read: polls the bot's {@code /discord-status}
 * ({@code events_received}, counted from JDA's raw events per process) every ~20 ms and sums
 * the last count of every process. A new process is recognised by its counters going down
 * (it starts from zero; the one before it had at least the rows before). The bot closes its
 * gateway before its HTTP server when it stops cleanly, so the last answer of a process that
 * was stopped (SIGTERM) holds its final count; a process killed with -9 is killed only once it
 * has caught up ({@link Traffic#killQuietly}).
 */
final class BotEvents implements AutoCloseable {
    private final Stack stack;
    private final Poller poller;
    private long finished;
    private long currentMessages;
    private long currentDispatches = -1;
    private int processes;
    private long baseline = -1;

    BotEvents(Stack stack) {
        this.stack = stack;
        this.poller = Poller.start("bot-events", Duration.ofMillis(20), this::sample);
    }

    private void sample() {
        E2e.Answer a = E2e.get("http://127.0.0.1:" + stack.healthPort + "/discord-status", Duration.ofSeconds(1));
        JsonNode s = a.status() == 200 ? a.json() : null;
        if (s == null || !s.path("events_received").isObject()) {
            return;
        }
        long m = s.path("events_received").path("message_create").asLong();
        long d = s.path("events_received").path("dispatches").asLong();
        synchronized (this) {
            if (baseline < 0) {
                baseline = m; // what the running process had counted before this row
            }
            if (currentDispatches < 0 || d < currentDispatches || m < currentMessages) {
                finished += currentMessages;
                currentMessages = 0;
                processes++;
            }
            currentMessages = Math.max(currentMessages, m);
            currentDispatches = d;
        }
    }

    /** Messages counted by every process seen so far. */
    synchronized long messages() {
        return finished + currentMessages - Math.max(0, baseline);
    }

    /** Waits (bounded) for the first answer, the baseline the row's counts start from. */
    void awaitFirstSample(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            synchronized (this) {
                if (baseline >= 0) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bot's /discord-status did not answer within " + max + "\n" + stack.diagnostics());
            }
            E2e.sleepMs(10);
        }
    }

    synchronized int processes() {
        return processes;
    }

    @Override
    public void close() {
        poller.close();
    }
}
