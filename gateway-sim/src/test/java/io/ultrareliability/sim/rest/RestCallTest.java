package io.ultrareliability.sim.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestCallTest {
    @Test
    void matchesSegmentsWithWildcards() {
        RestCall call = new RestCall("POST", "channels/123/messages");
        assertThat(call.is("POST", "channels", "*", "messages")).isTrue();
        assertThat(call.is("GET", "channels", "*", "messages")).isFalse();
        assertThat(call.matches("channels", "*")).isFalse();
        assertThat(call.longSegment(1)).isEqualTo(123);
        assertThat(call.longSegment(2)).isEqualTo(-1);
        assertThat(call.template()).isEqualTo("POST/channels/{id}/messages");
    }

    @Test
    void trailingSlashAndQueryAreIgnored() {
        assertThat(new RestCall("GET", "users/@me/").is("GET", "users", "@me")).isTrue();
        assertThat(new RestCall("GET", "gateway?v=10").is("GET", "gateway")).isTrue();
        assertThat(new RestCall("GET", "").segments()).isEmpty();
    }

    @Test
    void oversizedIdsAreNotSnowflakes() {
        assertThat(new RestCall("GET", "channels/99999999999999999999/messages").longSegment(1)).isEqualTo(-1);
        assertThat(new RestCall("GET", "channels/-5/messages").longSegment(1)).isEqualTo(-1);
    }

    @Test
    void bodyParsing() {
        assertThat(RestCall.parseBody("{\"a\":1}")).isPresent();
        assertThat(RestCall.parseBody("nope")).isEmpty();
        assertThat(RestCall.parseBody("")).isEmpty();
    }
}
