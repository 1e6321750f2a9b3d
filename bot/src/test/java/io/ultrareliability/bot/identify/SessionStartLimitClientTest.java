package io.ultrareliability.bot.identify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.common.identify.SessionStartLimit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStartLimitClientTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final URI FROM = URI.create("http://127.0.0.1:1/api/v10/gateway/bot");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void parsesDiscordsShapeWithTheRealMaxConcurrency() throws Exception {
        SessionStartLimit l = SessionStartLimitClient.parse(json.readTree("{\"url\":\"wss://x\",\"shards\":1,"
                + "\"session_start_limit\":{\"total\":1000,\"remaining\":987,\"reset_after\":14400000,"
                + "\"max_concurrency\":16}}"), T0, FROM);
        assertThat(l).isEqualTo(new SessionStartLimit(1000, 987, Duration.ofHours(4), 16, T0));
    }

    @Test
    void garbageIsAOneLineIoError() {
        assertThatThrownBy(() -> SessionStartLimitClient.parse(json.readTree("{}"), T0, FROM))
                .isInstanceOf(IOException.class).hasMessageContaining("no usable session_start_limit");
        assertThatThrownBy(() -> SessionStartLimitClient.parse(json.readTree(
                "{\"session_start_limit\":{\"total\":10,\"remaining\":11,\"reset_after\":1}}"), T0, FROM))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid session_start_limit");
    }

    @Test
    void aFailedReadNeverShowsTheToken() {
        String secret = "MTIz.very-secret-token";
        SessionStartLimitClient c = new SessionStartLimitClient(Optional.of(URI.create("http://127.0.0.1:1/api/v10")),
                new Token(secret, "test"), Duration.ofSeconds(2));
        assertThatThrownBy(() -> c.read(T0)).isInstanceOf(IOException.class)
                .hasMessageContaining("gateway/bot").hasMessageNotContaining(secret)
                .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(secret));
    }
}
