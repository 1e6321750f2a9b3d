package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Nothing corrupt": reads and parses {@code ultra_reliability_status.json} in a tight loop
 * (every ~0.2 ms) on its own thread, counting reads that did not parse or found no file.
 */
public final class StatusFileReader implements AutoCloseable {
    private final Path file;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong parseFailures = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final Poller poller;
    private volatile String firstFailure = "";

    public StatusFileReader(Path file) {
        this.file = file;
        this.poller = Poller.start("status-reader", Duration.ofNanos(200_000), this::read);
    }

    private void read() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode n = E2e.JSON.readTree(bytes);
            if (n == null || !n.isObject() || !n.has("schema") || !n.has("child")) {
                fail("not a status object: " + new String(bytes));
            }
            reads.incrementAndGet();
        } catch (NoSuchFileException e) {
            missing.incrementAndGet();
        } catch (IOException e) {
            fail(e.toString());
        }
    }

    private void fail(String what) {
        if (parseFailures.getAndIncrement() == 0) {
            firstFailure = what;
        }
    }

    public long reads() {
        return reads.get();
    }

    public long parseFailures() {
        return parseFailures.get();
    }

    /** Reads that found no file at all (an atomic rename never leaves that gap). */
    public long missing() {
        return missing.get();
    }

    public String firstFailure() {
        return firstFailure;
    }

    @Override
    public void close() {
        poller.close();
    }
}
