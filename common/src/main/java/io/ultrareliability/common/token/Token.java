package io.ultrareliability.common.token;

import static java.util.Objects.requireNonNull;

/**
 * A Discord bot token. {@link #toString()} never shows it, so it cannot leak through a log
 * line, an exception message or a debugger's variable view by accident.
 */
public final class Token {
    private final String value;
    private final String source;

    public Token(String value, String source) {
        requireNonNull(value, "value is null");
        this.source = requireNonNull(source, "source is null");
        String v = value.strip();
        if (v.startsWith("Bot ")) {
            v = v.substring(4).strip();
        }
        if (v.isEmpty()) {
            throw new TokenException("the Discord token from " + source + " is empty");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new TokenException("the Discord token from " + source
                        + " contains whitespace or control characters");
            }
        }
        this.value = v;
    }

    /** The secret itself: hand it to JDA and nowhere else. */
    public String reveal() {
        return value;
    }

    /** Where it came from, e.g. {@code DISCORD_TOKEN} or {@code DISCORD_TOKEN_FILE (/run/x)}. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Token[from " + source + ", redacted]";
    }
}
