package io.ultrareliability.common.token;

import io.ultrareliability.common.BotContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds the token at every start, first match wins: {@code DISCORD_TOKEN},
 * {@code DISCORD_TOKEN_FILE}, then systemd's {@code $CREDENTIALS_DIRECTORY/discord_token}.
 * A source that is named but unusable (a missing or unreadable file) is an error, not a
 * silent fall-through: the operator meant it.
 */
public final class TokenChain {
    private TokenChain() {
    }

    public static Optional<Token> resolve(Map<String, String> env) {
        requireNonNull(env, "env is null");
        String direct = env.get(BotContract.DISCORD_TOKEN);
        if (direct != null && !direct.isBlank()) {
            return Optional.of(new Token(direct, BotContract.DISCORD_TOKEN));
        }
        String file = env.get(BotContract.DISCORD_TOKEN_FILE);
        if (file != null && !file.isBlank()) {
            return Optional.of(read(Path.of(file.strip()), "DISCORD_TOKEN_FILE (" + file.strip() + ")"));
        }
        String credentials = env.get(BotContract.CREDENTIALS_DIRECTORY);
        if (credentials != null && !credentials.isBlank()) {
            Path p = Path.of(credentials.strip(), BotContract.TOKEN_CREDENTIAL);
            if (Files.exists(p)) {
                return Optional.of(read(p, "systemd credential " + p));
            }
        }
        return Optional.empty();
    }

    private static Token read(Path p, String source) {
        try {
            return new Token(Files.readString(p, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new TokenException("cannot read the Discord token from " + source + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
