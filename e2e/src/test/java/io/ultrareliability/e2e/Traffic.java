package io.ultrareliability.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What users do while a row's fault happens: a message every ~100 ms in the first guild's
 * channel and a slash command ({@code /status}) every 300-500 ms, injected at the simulator
 * ({@code POST /_sim/messages}, {@code /_sim/interactions}), and what the bot proves it saw
 * ({@link BotEvents}). Each injector is its own daemon thread; {@link #close()} stops both.
 */
public final class Traffic implements AutoCloseable {
    /** The text channel of guild 0 (docs/gateway-sim.md, "Fixed ids"). */
    public static final String CHANNEL = "200002352248258561";
    public static final Duration MESSAGE_EVERY = Duration.ofMillis(100);
    public static final Duration COMMAND_MIN = Duration.ofMillis(300);
    public static final Duration COMMAND_MAX = Duration.ofMillis(500);

    private final Stack stack;
    private final BotEvents events;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String firstRefusal = "";
    private final Object messageLock = new Object();
    private volatile boolean messagesPaused;
    private volatile boolean running = true;
    private final Thread messageThread;
    private final Thread commandThread;

    private Traffic(Stack stack) {
        this.stack = requireNonNull(stack, "stack is null");
        this.events = new BotEvents(stack);
        events.awaitFirstSample(Duration.ofSeconds(10));
        this.messageThread = Thread.ofPlatform().daemon().name("traffic-messages").start(this::messageLoop);
        this.commandThread = Thread.ofPlatform().daemon().name("traffic-commands").start(this::commandLoop);
    }

    /** Starts streaming now. */
    public static Traffic start(Stack stack) {
        return new Traffic(stack);
    }

    private void messageLoop() {
        long n = 0;
        while (running) {
            synchronized (messageLock) {
                if (!messagesPaused && running) {
                    n++;
                    E2e.Answer a = E2e.post(stack.sim.controlUrl() + "messages",
                            "{\"channel_id\":\"" + CHANNEL + "\",\"content\":\"e2e " + n + "\"}", Duration.ofSeconds(3));
                    if (a.status() == 200) {
                        messages.incrementAndGet();
                    } else {
                        refused(a);
                    }
                }
            }
            if (!pause(MESSAGE_EVERY.toMillis())) {
                return;
            }
        }
    }

    private void commandLoop() {
        while (running) {
            E2e.Answer a = E2e.post(stack.sim.controlUrl() + "interactions", "{\"name\":\"status\"}", Duration.ofSeconds(3));
            if (a.status() == 200) {
                commands.incrementAndGet();
            } else {
                refused(a);
            }
            if (!pause(ThreadLocalRandom.current().nextLong(COMMAND_MIN.toMillis(), COMMAND_MAX.toMillis() + 1))) {
                return;
            }
        }
    }

    private void refused(E2e.Answer a) {
        if (refused.getAndIncrement() == 0) {
            firstRefusal = java.time.Instant.now() + " " + a.status() + " " + a.body();
        }
    }

    /** The first injection the simulator did not accept: when, status, body ("" when none). */
    public String firstRefusal() {
        return firstRefusal;
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Messages the simulator accepted so far. */
    public long messagesInjected() {
        return messages.get();
    }

    /** Slash commands the simulator accepted so far. */
    public long commandsInjected() {
        return commands.get();
    }

    /** Injections the simulator did not accept (it did not answer 200): none expected. */
    public long refused() {
        return refused.get();
    }

    /** Messages the bot processes counted (every process's last count, summed). */
    public long messagesSeen() {
        return events.messages();
    }

    /** How many bot processes the tracker has seen answer. */
    public int botProcesses() {
        return events.processes();
    }

    /**
     * Kills (or otherwise ends) the bot at a moment it has counted every message injected so far:
     * the message stream pauses, the bot catches up (bounded), {@code kill} runs, and the stream
     * resumes once {@code botGone} holds (the keeper saw the socket close). Why: the harness reads
     * the bot's counters over HTTP and cannot read a dead process's last count; and frames written
     * to a socket in the instant between a kill and its close are the keeper's at-most-once window
     * (docs/keeper.md, measured by KeeperLatencyBench), not what the matrix measures. Slash
     * commands keep streaming throughout. Returns false when the bot did not catch up in time
     * (the kill happened anyway; a message may then be reported lost that the dead bot had seen).
     */
    public boolean killQuietly(Runnable kill, BooleanSupplier botGone, Duration bound) {
        boolean caughtUp;
        synchronized (messageLock) {
            messagesPaused = true;
        }
        try {
            long deadline = System.nanoTime() + bound.toNanos();
            while (events.messages() < messages.get() && System.nanoTime() < deadline) {
                E2e.sleepMs(5);
            }
            caughtUp = events.messages() >= messages.get();
            kill.run();
            while (!botGone.getAsBoolean() && System.nanoTime() < deadline + bound.toNanos()) {
                E2e.sleepMs(5);
            }
        } finally {
            synchronized (messageLock) {
                messagesPaused = false;
            }
        }
        return caughtUp;
    }

    /**
     * Stops injecting (the bot tracker goes on until {@link #close()}). The injectors finish the
     * request in flight (at most its 3 s timeout) rather than being interrupted: an interrupted
     * request may have reached the simulator without the harness counting it.
     */
    public void stopInjecting() {
        running = false;
        join(messageThread);
        join(commandThread);
    }

    /**
     * Waits until the bot has counted every message injected, or its count stopped moving for
     * {@code quiet} (a message that never arrives is lost: keeper off, it is), within {@code max}.
     */
    public void awaitMessagesSettled(Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long seen = events.messages();
            if (seen >= messages.get()) {
                return;
            }
            if (seen != last) {
                last = seen;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > quiet.toNanos() && stack.botHealth() == 200) {
                return;
            }
            E2e.sleepMs(20);
        }
    }

    /**
     * Waits until every slash command injected is completed or has failed at the simulator
     * (failed means no acknowledgement within 3 s: known only 3 s after the injection), counted
     * from {@code before} (the simulator's {@code interactions} figures at the row's start).
     */
    public void awaitInteractionsSettled(JsonNode before, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = stack.sim.interactions();
            long injected = delta(now, before, "injected");
            if (injected >= commands.get() && delta(now, before, "completed") + delta(now, before, "failed") >= injected) {
                return;
            }
            E2e.sleepMs(50);
        }
    }

    static long delta(JsonNode now, JsonNode before, String field) {
        return now.path(field).asLong(0) - before.path(field).asLong(0);
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopInjecting();
        events.close();
    }
}
