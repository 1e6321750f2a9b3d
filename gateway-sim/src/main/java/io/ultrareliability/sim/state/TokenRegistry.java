package io.ultrareliability.sim.state;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured bot tokens and whether they have been revoked. A token is only ever shown as
 * its fingerprint.
 */
public final class TokenRegistry {
    private final List<String> tokens;
    private volatile boolean revoked;

    public TokenRegistry(List<String> tokens) {
        this.tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
    }

    /** The index of this token if it is configured and not revoked. */
    public Optional<Integer> accept(String token) {
        if (token == null || revoked) {
            return Optional.empty();
        }
        int index = tokens.indexOf(token);
        return index < 0 ? Optional.empty() : Optional.of(index);
    }

    /** Accepts {@code Bot <token>} as JDA sends it. */
    public Optional<Integer> acceptAuthorizationHeader(String header) {
        if (header == null || !header.startsWith("Bot ")) {
            return Optional.empty();
        }
        return accept(header.substring(4).trim());
    }

    public int count() {
        return tokens.size();
    }

    public String fingerprint(int index) {
        return fingerprintOf(tokens.get(index));
    }

    public void revoke() {
        revoked = true;
    }

    public void restore() {
        revoked = false;
    }

    public static String fingerprintOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "tok-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
