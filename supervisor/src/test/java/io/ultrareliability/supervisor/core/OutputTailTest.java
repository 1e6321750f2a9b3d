package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutputTailTest {
    private static final String SECRET = "s3cr3t-" + "value-of-the-token";

    @Test
    void masksWhenReadNotWhenAdded() {
        AtomicInteger calls = new AtomicInteger();
        OutputTail tail = new OutputTail(s -> {
            calls.incrementAndGet();
            return s.replace(SECRET, "[redacted]");
        });
        for (int i = 0; i < 1000; i++) {
            tail.add("line " + i + " token=" + SECRET);
        }
        assertThat(calls).hasValue(0);
        assertThat(tail.lines()).hasSize(OutputTail.LINES).allMatch(l -> l.endsWith("token=[redacted]"))
                .noneMatch(l -> l.contains(SECRET));
        assertThat(calls).hasValue(OutputTail.LINES);
    }

    @Test
    void aSecretAcrossTheCutIsMaskedBeforeTheCutNeverHalfShown() {
        OutputTail tail = new OutputTail(s -> s.replace(SECRET, "[redacted]"));
        String line = "x".repeat(OutputTail.MAX_LINE - 5) + SECRET + "y".repeat(20_000);
        tail.add(line);
        String shown = tail.lines().get(0);
        assertThat(shown).hasSize(OutputTail.MAX_LINE + 3).endsWith("[reda...").doesNotContain(SECRET.substring(0, 5));
    }
}
