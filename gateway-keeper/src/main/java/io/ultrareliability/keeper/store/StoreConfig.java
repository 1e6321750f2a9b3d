package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import io.ultrareliability.keeper.KeeperConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the keeper keeps its state on disk.
 *
 * @param path the SQLite file ({@code KEEPER_DB}, default {@code run/keeper.db}); empty: memory only
 *     ({@code KEEPER_DB=none})
 * @param maxBytes size limit of the database file ({@code KEEPER_DB_MAX_BYTES}, default 256MiB)
 * @param upstreamResumeWindow how long after its last sign of life a saved upstream session is
 *     worth a RESUME ({@code KEEPER_UPSTREAM_RESUME_WINDOW}, default 5m; Discord's is "a few minutes")
 * @param compactAfter state-log rows that trigger a rewrite of the guild snapshots
 */
public record StoreConfig(Optional<Path> path, long maxBytes, Duration upstreamResumeWindow, int compactAfter) {
    public static final String FILE_NAME = "keeper.db";

    public StoreConfig {
        requireNonNull(path, "path is null");
        requireNonNull(upstreamResumeWindow, "upstreamResumeWindow is null");
        if (maxBytes < (1 << 20)) {
            throw new IllegalArgumentException("maxBytes must be >= 1MiB, got " + maxBytes);
        }
        if (compactAfter < 1) {
            throw new IllegalArgumentException("compactAfter must be >= 1, got " + compactAfter);
        }
    }

    public static StoreConfig memoryOnly() {
        return new StoreConfig(Optional.empty(), 256L << 20, Duration.ofMinutes(5), 5_000);
    }

    public static StoreConfig fromEnv(Map<String, String> env, Path runDir) {
        requireNonNull(env, "env is null");
        requireNonNull(runDir, "runDir is null");
        String db = env.getOrDefault("KEEPER_DB", "").strip();
        Optional<Path> path = db.equalsIgnoreCase("none") ? Optional.empty()
                : Optional.of(db.isEmpty() ? runDir.resolve(FILE_NAME) : Path.of(db));
        long max;
        String maxText = env.getOrDefault("KEEPER_DB_MAX_BYTES", "256MiB").strip();
        try {
            max = ByteSizes.parse(maxText);
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException("KEEPER_DB_MAX_BYTES: " + e.getMessage());
        }
        if (max < (1 << 20)) {
            throw new KeeperConfigException("KEEPER_DB_MAX_BYTES must be at least 1MiB, got " + maxText);
        }
        String windowText = env.getOrDefault("KEEPER_UPSTREAM_RESUME_WINDOW", "5m").strip();
        Duration window;
        try {
            window = Durations.parse(windowText);
        } catch (IllegalArgumentException e) {
            throw new KeeperConfigException("KEEPER_UPSTREAM_RESUME_WINDOW: " + e.getMessage());
        }
        if (window.isNegative() || window.isZero()) {
            throw new KeeperConfigException("KEEPER_UPSTREAM_RESUME_WINDOW must be positive, got " + windowText);
        }
        return new StoreConfig(path, max, window, 5_000);
    }
}
