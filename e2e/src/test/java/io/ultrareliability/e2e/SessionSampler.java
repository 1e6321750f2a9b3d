package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
    private final Poller poller;
    private volatile String worst = "";

    public SessionSampler(SimProcess sim, String token) {
        this.sim = sim;
        this.fingerprint = SimProcess.fingerprint(token);
        this.poller = Poller.start("session-sampler", Duration.ofMillis(50), this::sample);
    }

    private void sample() {
        JsonNode s = sim.stats();
        if (s == null) {
            unanswered.incrementAndGet();
            return;
        }
        int n = s.path("sessions_open_by_token").path(fingerprint).asInt(0);
        samples.incrementAndGet();
        if (n > max.get()) {
            max.set(n);
            worst = s.toString();
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
        poller.close();
    }
}
