package io.ultrareliability.supervisor.aot;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.status.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The cache's files in {@code run/}: {@code bot.aot} (the cache), {@code bot.aot.key} (what it
 * was trained for, {@link AotKey}) and {@code bot.aot.new} (where a training run writes).
 * A cache counts only with a key that matches; the key is removed first and written last, so
 * a crash half-way leaves a cache nobody uses rather than a wrong one.
 */
public record AotCacheFiles(Path cache, Path key, Path output) {
    public AotCacheFiles {
        requireNonNull(cache, "cache is null");
        requireNonNull(key, "key is null");
        requireNonNull(output, "output is null");
    }

    public static AotCacheFiles in(Path runDir) {
        return new AotCacheFiles(runDir.resolve("bot.aot"), runDir.resolve("bot.aot.key"), runDir.resolve("bot.aot.new"));
    }

    /** A non-empty cache whose key is exactly {@code expected}. */
    public boolean matches(String expected) {
        try {
            return Files.size(cache) > 0 && Files.readString(key, StandardCharsets.UTF_8).equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    /** The training output, if one was written. */
    public long outputSize() {
        try {
            return Files.size(output);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Moves a finished training output into place under {@code newKey}. */
    public void commit(String newKey) throws IOException {
        Files.deleteIfExists(key);
        Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.write(key, newKey.getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets the cache (and any half-written output). */
    public void discard() throws IOException {
        Files.deleteIfExists(key);
        Files.deleteIfExists(cache);
        Files.deleteIfExists(output);
    }
}
