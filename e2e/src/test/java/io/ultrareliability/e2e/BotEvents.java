package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bot processes say they read, per PID: every ~20 ms the bot's {@code /discord-status}
 * ({@code pid}, {@code events_received.message_create}, counted from JDA's raw events), and the
 * line a bot logs when it stopped cleanly ({@code Stopped cleanly; pid P, events received
 * {message_create=N, ...}}, written once its gateway is closed, so final). A process killed with
 * -9 logs nothing: it is killed only once it has caught up ({@link Traffic#killQuietly}), so its
 * last polled count is final. The sum over the processes, minus what the first one had counted
 * before the row, is what the row's bots saw.
 */
final class BotEvents implements AutoCloseable {
    private static final Pattern STOPPED = Pattern.compile(
            "Stopped cleanly; pid (\\d+), events received \\{message_create=(\\d+)");

    private final Stack stack;
    private final Path log;
    private final Map<Long, Long> counts = new HashMap<>();
    private long baseline = -1;
    private long logOffset;
    private final Poller poller;

    BotEvents(Stack stack) {
        this.stack = stack;
        this.log = stack.home.resolve("logs/bot.log");
        this.logOffset = log.toFile().length(); // lines of earlier rows are not this row's
        this.poller = Poller.start("bot-events", Duration.ofMillis(20), this::sample);
    }

    private void sample() {
        E2e.Answer a = E2e.get("http://127.0.0.1:" + stack.healthPort + "/discord-status", Duration.ofSeconds(1));
        JsonNode s = a.status() == 200 ? a.json() : null;
        if (s == null || !s.path("events_received").isObject() || !s.path("pid").isNumber()) {
            return;
        }
        record(s.path("pid").asLong(), s.path("events_received").path("message_create").asLong());
    }

    private synchronized void record(long pid, long messages) {
        if (baseline < 0) {
            baseline = messages; // what the running process had counted before this row
        }
        counts.merge(pid, messages, Math::max);
    }

    /** New "Stopped cleanly" lines in logs/bot.log since the last read. */
    private synchronized void readLog() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            if (f.length() < logOffset) {
                logOffset = 0; // rotated
            }
            if (f.length() == logOffset) {
                return;
            }
            byte[] b = new byte[(int) Math.min(f.length() - logOffset, 16 << 20)];
            f.seek(logOffset);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1; // whole lines only
            Matcher m = STOPPED.matcher(text.substring(0, end));
            while (m.find()) {
                counts.merge(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Math::max);
            }
            logOffset += text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            // no log yet: nothing stopped
        }
    }

    /** Messages counted by every process seen so far in this row. */
    synchronized long messages() {
        readLog();
        long sum = 0;
        for (long c : counts.values()) {
            sum += c;
        }
        return sum - Math.max(0, baseline);
    }

    synchronized int processes() {
        return counts.size();
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

    @Override
    public void close() {
        poller.close();
    }
}
