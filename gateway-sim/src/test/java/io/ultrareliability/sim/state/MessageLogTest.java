package io.ultrareliability.sim.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.sim.PostedMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageLogTest {
    @Test
    void keepsTheLastFiftyOldestFirst() {
        MessageLog log = new MessageLog();
        for (int i = 0; i < 60; i++) {
            log.add(new PostedMessage("1", "m" + i, Instant.EPOCH));
        }
        assertThat(log.snapshot()).hasSize(MessageLog.CAPACITY);
        assertThat(log.snapshot().getFirst().content()).isEqualTo("m10");
        assertThat(log.snapshot().getLast().content()).isEqualTo("m59");
        log.clear();
        assertThat(log.snapshot()).isEmpty();
    }
}
