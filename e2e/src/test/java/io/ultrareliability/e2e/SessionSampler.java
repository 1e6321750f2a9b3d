package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Never two bots": polls the simulator's stats every ~50 ms on its own thread for as long
 * as it runs, and keeps the largest number of open sessions it ever saw for one token.
 */
public final class SessionSampler implements AutoCloseable {
    private final SimProcess sim;
    private final String fingerprint;
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String worst = "";

    public SessionSampler(SimProcess sim, String token) {
        this.sim = sim;
        this.fingerprint = SimProcess.fingerprint(token);
        this.thread = Thread.ofPlatform().daemon().name("session-sampler").start(this::loop);
    }

    private void loop() {
        while (running) {
            JsonNode s = sim.stats();
            if (s == null) {
                unanswered.incrementAndGet();
            } else {
                int n = s.path("sessions_open_by_token").path(fingerprint).asInt(0);
                samples.incrementAndGet();
                if (n > max.get()) {
                    max.set(n);
                    worst = s.toString();
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The most sessions open at once for the token so far. */
    public int max() {
        return max.get();
    }

    public long samples() {
        return samples.get();
    }

    /** The stats answer that showed the maximum (for failure messages). */
    public String worst() {
        return worst;
    }

    public long unanswered() {
        return unanswered.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
