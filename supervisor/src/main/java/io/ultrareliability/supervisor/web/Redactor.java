package io.ultrareliability.supervisor.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Last line of defence before anything leaves over HTTP: the core never puts a secret in the
 * status or the log tail, but if a bug (or the child's own output) ever does, the answer still
 * carries no Discord token and no control token. The daemon's child-output mask (what reaches
 * the status file and the supervisor log) uses the same patterns.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";

    /** Discord bot tokens: base64 user id, a timestamp part and an HMAC part, dot-separated. */
    private static final Pattern DISCORD_TOKEN =
            Pattern.compile("[A-Za-z0-9_-]{23,28}\\.[A-Za-z0-9_-]{6,7}\\.[A-Za-z0-9_-]{27,40}");
    /** {@code Authorization: Bot xxx} / {@code Bearer xxx} in echoed requests. */
    private static final Pattern AUTH_HEADER =
            Pattern.compile("(?i)\\b(Bot|Bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");

    private final String controlToken;

    /** @param controlToken masked too when not null (the web server's); the child's output needs none */
    public Redactor(String controlToken) {
        this.controlToken = controlToken;
    }

    public String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        if (controlToken != null && !controlToken.isEmpty() && out.contains(controlToken)) {
            out = out.replace(controlToken, MASK);
        }
        out = DISCORD_TOKEN.matcher(out).replaceAll(MASK);
        return AUTH_HEADER.matcher(out).replaceAll("$1 " + MASK);
    }

    /**
     * A stand-in for {@code e} to log: same class name, stack and causes, messages scrubbed.
     * The core's exceptions should carry no secret, but a log line is forever.
     */
    Throwable throwable(Throwable e) {
        return throwable(e, 0);
    }

    private Throwable throwable(Throwable e, int depth) {
        RedactedException copy = new RedactedException(describe(e));
        copy.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e && depth < 8) {
            copy.initCause(throwable(e.getCause(), depth + 1));
        }
        return copy;
    }

    /** {@code e.toString()} with secrets masked. */
    String describe(Throwable e) {
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + text(e.getMessage()));
    }

    List<String> lines(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(text(l));
        }
        return out;
    }

    /** A deep copy of a JSON-like tree with secret-named keys masked and strings scrubbed. */
    Object tree(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, secretKey(key) && e.getValue() != null ? MASK : tree(e.getValue()));
            }
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(tree(o));
            }
            return out;
        }
        if (node instanceof CharSequence cs) {
            return text(cs.toString());
        }
        return node;
    }

    /** Logged in place of the original: its message is "original class: scrubbed message". */
    static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }
    }

    static boolean secretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        return k.equals("token") || k.endsWith("_token") || k.contains("secret") || k.contains("password")
                || k.equals("authorization");
    }
}
