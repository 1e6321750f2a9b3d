package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimConfigTest {
    @Test
    void defaults() {
        SimConfig c = SimConfig.defaults();
        assertThat(c.port()).isZero();
        assertThat(c.tokens()).containsExactly("sim-token");
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(41_250));
        assertThat(c.guilds()).isEqualTo(1);
        assertThat(c.resumeWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void resumeWindowIsKeptByTheOtherWithersAndChecked() {
        SimConfig c = SimConfig.defaults().withResumeWindow(Duration.ofSeconds(2)).withGuilds(2).withPort(1)
                .withTokens(List.of("t")).withHeartbeatInterval(Duration.ofSeconds(1));
        assertThat(c.resumeWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.toString()).contains("resumeWindow=PT2S");
        assertThatThrownBy(() -> c.withResumeWindow(Duration.ofMillis(99))).hasMessageContaining("100ms and 24h");
        assertThatThrownBy(() -> c.withResumeWindow(Duration.ofHours(25))).hasMessageContaining("100ms and 24h");
        assertThatThrownBy(() -> c.withResumeWindow(null)).hasMessage("resumeWindow is null");
    }

    @Test
    void withersChangeOneField() {
        SimConfig c = SimConfig.defaults().withPort(8080).withTokens(List.of("a", "b"))
                .withHeartbeatInterval(Duration.ofSeconds(1)).withGuilds(3);
        assertThat(c).isEqualTo(new SimConfig(8080, List.of("a", "b"), Duration.ofSeconds(1), 3));
    }

    @Test
    void tokensAreCopiedAndHiddenFromToString() {
        List<String> tokens = new ArrayList<>(List.of("secret-one"));
        SimConfig c = SimConfig.defaults().withTokens(tokens);
        tokens.add("later");
        assertThat(c.tokens()).containsExactly("secret-one");
        assertThat(c.toString()).doesNotContain("secret-one").contains("tokens=1 (hidden)");
    }

    @Test
    void rejectsBadValuesWithClearMessages() {
        SimConfig d = SimConfig.defaults();
        assertThatThrownBy(() -> d.withPort(-1)).hasMessage("port must be 0..65535, got -1");
        assertThatThrownBy(() -> d.withPort(65_536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> d.withTokens(List.of())).hasMessage("at least one token is needed");
        assertThatThrownBy(() -> d.withTokens(List.of("a b"))).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> d.withTokens(List.of("a", "a"))).hasMessage("tokens must be distinct");
        assertThatThrownBy(() -> d.withTokens(null)).isInstanceOf(NullPointerException.class).hasMessage("tokens is null");
        assertThatThrownBy(() -> d.withHeartbeatInterval(Duration.ofMillis(99))).hasMessageContaining("100ms");
        assertThatThrownBy(() -> d.withHeartbeatInterval(Duration.ofMinutes(11))).hasMessageContaining("10m");
        assertThatThrownBy(() -> d.withGuilds(0)).hasMessage("guilds must be 1..100, got 0");
        assertThatThrownBy(() -> d.withGuilds(101)).hasMessage("guilds must be 1..100, got 101");
    }
}
