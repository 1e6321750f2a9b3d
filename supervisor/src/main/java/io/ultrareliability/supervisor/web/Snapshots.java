package io.ultrareliability.supervisor.web;

import java.util.Map;

/** Reading fields out of the status snapshot's nested maps without trusting its shape. */
final class Snapshots {
    private Snapshots() {
    }

    /** The value at {@code path}, or null when any step is missing or not a map. */
    static Object get(Map<String, Object> root, String... path) {
        Object cur = root;
        for (String key : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    static String string(Map<String, Object> root, String... path) {
        Object v = get(root, path);
        return v == null ? null : v.toString();
    }

    static Long longValue(Map<String, Object> root, String... path) {
        return get(root, path) instanceof Number n ? n.longValue() : null;
    }

    static Double doubleValue(Map<String, Object> root, String... path) {
        return get(root, path) instanceof Number n ? n.doubleValue() : null;
    }

    static Boolean bool(Map<String, Object> root, String... path) {
        return get(root, path) instanceof Boolean b ? b : null;
    }
}
