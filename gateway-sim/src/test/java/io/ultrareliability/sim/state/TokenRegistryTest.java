package io.ultrareliability.sim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRegistryTest {
    private final TokenRegistry tokens = new TokenRegistry(List.of("alpha", "beta"));

    @Test
    void acceptsConfiguredTokensByIndex() {
        assertThat(tokens.accept("beta")).contains(1);
        assertThat(tokens.accept("gamma")).isEmpty();
        assertThat(tokens.accept(null)).isEmpty();
        assertThat(tokens.acceptAuthorizationHeader("Bot alpha")).contains(0);
        assertThat(tokens.acceptAuthorizationHeader("Bearer alpha")).isEmpty();
        assertThat(tokens.acceptAuthorizationHeader("alpha")).isEmpty();
        assertThat(tokens.acceptAuthorizationHeader(null)).isEmpty();
    }

    @Test
    void revokeAndRestore() {
        tokens.revoke();
        assertThat(tokens.accept("alpha")).isEmpty();
        tokens.restore();
        assertThat(tokens.accept("alpha")).isEqualTo(Optional.of(0));
    }

    @Test
    void fingerprintIsSha256PrefixNeverTheToken() {
        // printf alpha | sha256sum -> 8ed3f6ad...
        assertThat(TokenRegistry.fingerprintOf("alpha")).matches("tok-[0-9a-f]{8}").doesNotContain("alpha");
        assertThat(TokenRegistry.fingerprintOf("alpha")).isEqualTo("tok-8ed3f6ad");
        assertThat(tokens.fingerprint(0)).isEqualTo(TokenRegistry.fingerprintOf("alpha"));
        assertThat(tokens.fingerprint(1)).isNotEqualTo(tokens.fingerprint(0));
    }
}
