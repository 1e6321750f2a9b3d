package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.web.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Masks secrets in a child output line before it reaches the status file or the supervisor's
 * log: the HTTP answers' patterns ({@link Redactor}) plus the literal token values the bot
 * would find (DISCORD_TOKEN, DISCORD_TOKEN_FILE, systemd's credential), so a test token or a
 * token of an unusual shape is caught too. {@code logs/bot.log} keeps the raw line: it is the
 * bot's own output, 0600.
 */
final class ChildOutputMask implements UnaryOperator<String> {
    /** Shorter literals would mask ordinary words; real tokens are ~70 characters. */
    static final int MIN_LITERAL = 8;
    private final Redactor redactor = new Redactor(null);
    private final List<String> literals;

    private ChildOutputMask(List<String> literals) {
        this.literals = List.copyOf(literals);
    }

    /** @param env the supervisor's environment (the child inherits it), then child.env on top */
    static ChildOutputMask of(Map<String, String> env, Map<String, String> childEnv) {
        List<String> found = new ArrayList<>();
        for (Map<String, String> e : List.of(env, childEnv)) {
            add(found, e.get("DISCORD_TOKEN"));
            add(found, read(e.get("DISCORD_TOKEN_FILE")));
            String creds = e.get("CREDENTIALS_DIRECTORY");
            add(found, creds == null || creds.isBlank() ? null : read(creds.strip() + "/discord_token"));
        }
        return new ChildOutputMask(found);
    }

    private static void add(List<String> found, String secret) {
        if (secret != null && secret.strip().length() >= MIN_LITERAL) {
            found.add(secret.strip());
        }
    }

    private static String read(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(file.strip());
            return Files.size(p) > 4096 ? null : Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // the bot reports an unreadable token file itself
        }
    }

    @Override
    public String apply(String line) {
        String out = line;
        for (String s : literals) {
            if (out.contains(s)) {
                out = out.replace(s, Redactor.MASK);
            }
        }
        return redactor.text(out);
    }
}
