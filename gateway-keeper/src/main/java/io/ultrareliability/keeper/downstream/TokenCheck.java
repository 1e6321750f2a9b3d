package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.token.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A bot is let in when it presents the keeper's own Discord token (as it would to Discord, with
 * or without the {@code Bot } prefix). Compared in constant time so the answer's timing does
 * not reveal how much of a guess was right.
 */
public final class TokenCheck {
    private final byte[] expected;

    public TokenCheck(Token token) {
        this.expected = requireNonNull(token, "token is null").reveal().getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        String p = presented.strip();
        if (p.startsWith("Bot ")) {
            p = p.substring(4).strip();
        }
        return MessageDigest.isEqual(expected, p.getBytes(StandardCharsets.UTF_8));
    }
}
