package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import io.ultrareliability.supervisor.testkit.StatusFixtures;
import io.ultrareliability.supervisor.web.WebServerException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A web port that is busy at start is retried with backoff, for as long as it takes. */
class DaemonWebTest {
    private final ManualScheduler loop = new ManualScheduler();
    private final HttpEndpoint http = new HttpEndpoint();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();

    private String httpError() {
        return http.decorate(StatusFixtures.bot(0, ChildState.STOPPED)).supervisor().httpError();
    }

    @Test
    void retriesAt1s2s4sAndSoOnUpToAMinuteAndNeverGivesUp() {
        DaemonWeb web = new DaemonWeb(loop, () -> {
            attempts.incrementAndGet();
            throw new WebServerException("cannot listen on 127.0.0.1:8791: address already in use", null);
        }, http, changes::incrementAndGet).start();
        assertThat(attempts).hasValue(1);
        assertThat(httpError()).isEqualTo("cannot listen on 127.0.0.1:8791: address already in use"
                + " (attempt 1, next in 1s)");
        long[] waitsMs = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (int i = 0; i < waitsMs.length; i++) {
            loop.advance(Duration.ofMillis(waitsMs[i] - 1));
            assertThat(attempts).as("before retry %d", i + 1).hasValue(i + 1);
            loop.advance(Duration.ofMillis(1));
            assertThat(attempts).as("retry %d after %d ms", i + 1, waitsMs[i]).hasValue(i + 2);
        }
        assertThat(httpError()).endsWith("(attempt 10, next in 1m)");
        assertThat(changes).as("the status is republished after each attempt").hasValue(10);
        web.close();
        loop.advance(Duration.ofHours(1));
        assertThat(attempts).as("no retry after close").hasValue(10);
    }
}
