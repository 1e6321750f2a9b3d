package io.ultrareliability.e2e.bench;

import java.util.Arrays;

/** Order statistics of a sample (nearest-rank); -1 for an empty or all-negative sample. */
record Stats(long min, long median, long p95, long max) {
    static Stats of(long[] values) {
        long[] v = Arrays.stream(values).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) {
            return new Stats(-1, -1, -1, -1);
        }
        return new Stats(v[0], rank(v, 0.5), rank(v, 0.95), v[v.length - 1]);
    }

    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
