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
 * carries no Discord token and no control token.
 */
final class Redactor {
    static final String MASK = "[redacted]";

    /** Discord bot tokens: base64 user id, a timestamp part and an HMAC part, dot-separated. */
    private static final Pattern DISCORD_TOKEN =
            Pattern.compile("[A-Za-z0-9_-]{23,28}\\.[A-Za-z0-9_-]{6,7}\\.[A-Za-z0-9_-]{27,40}");
    /** {@code Authorization: Bot xxx} / {@code Bearer xxx} in echoed requests. */
    private static final Pattern AUTH_HEADER =
            Pattern.compile("(?i)\\b(Bot|Bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");

    private final String controlToken;

    Redactor(String controlToken) {
        this.controlToken = controlToken;
    }

    String text(String s) {
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

    static boolean secretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        return k.equals("token") || k.endsWith("_token") || k.contains("secret") || k.contains("password")
                || k.equals("authorization");
    }
}
