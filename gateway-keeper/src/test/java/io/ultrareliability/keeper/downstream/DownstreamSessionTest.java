package io.ultrareliability.keeper.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DownstreamSessionTest {
    @Test
    void everySessionNumbersItsOwnDispatchesFromOne() {
        DownstreamSession a = new DownstreamSession("a", 10);
        DownstreamSession b = new DownstreamSession("b", 10);
        a.deliver("READY", "{}");
        a.deliver("MESSAGE_CREATE", "{\"id\":\"1\"}");
        b.deliver("READY", "{}");
        assertThat(a.seq()).isEqualTo(2);
        assertThat(b.seq()).isEqualTo(1);
        assertThat(a.framesAfter(1)).contains(java.util.List.of(
                "{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":2,\"d\":{\"id\":\"1\"}}"));
    }

    @Test
    void resumeReplaysWhatFollowsTheClientsSequence() {
        DownstreamSession s = new DownstreamSession("s", 10);
        for (int i = 1; i <= 5; i++) {
            s.deliver("MESSAGE_CREATE", "{\"n\":" + i + "}");
        }
        assertThat(s.framesAfter(5)).contains(java.util.List.of());
        assertThat(s.framesAfter(3).orElseThrow()).hasSize(2).allMatch(f -> f.contains("\"s\":4") || f.contains("\"s\":5"));
        assertThat(s.framesAfter(0).orElseThrow()).hasSize(5);
    }

    @Test
    void aSequenceFromTheFutureOrTooFarBackCannotResume() {
        DownstreamSession s = new DownstreamSession("s", 3);
        for (int i = 1; i <= 5; i++) {
            s.deliver("MESSAGE_CREATE", "{}");
        }
        assertThat(s.framesAfter(6)).isEmpty();
        assertThat(s.framesAfter(-1)).isEmpty();
        assertThat(s.framesAfter(1)).as("2 was dropped from the ring of 3").isEmpty();
        assertThat(s.framesAfter(2).orElseThrow()).hasSize(3);
    }

    @Test
    void aDetachedSessionExpiresAfterTheWindow() {
        DownstreamSession s = new DownstreamSession("s", 3);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(s.expired(t, Duration.ofMinutes(5))).as("never attached: not detached either").isFalse();
        assertThat(s.detach(null, t)).isTrue();
        assertThat(s.expired(t.plusSeconds(299), Duration.ofMinutes(5))).isFalse();
        assertThat(s.expired(t.plusSeconds(300), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void typesAreJsonEscaped() {
        assertThat(DownstreamSession.frame("A\"B", 1, "{}")).isEqualTo("{\"op\":0,\"t\":\"A\\\"B\",\"s\":1,\"d\":{}}");
    }

    @Test
    void theIdentifyBurstIsNumberedButNotKeptSoAResumeFromInsideItIsRefused() {
        DownstreamSession s = new DownstreamSession("s", 10);
        assertThat(s.startBurst(2)).as("READY's number").isEqualTo(1);
        s.deliver("MESSAGE_CREATE", "{}");
        assertThat(s.seq()).isEqualTo(3);
        assertThat(s.framesAfter(1)).as("inside the burst").isEmpty();
        assertThat(s.framesAfter(2).orElseThrow()).hasSize(1);
    }
}
