package io.ultrareliability.supervisor.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code logs/auto_restart.log}: one appended line per restart. */
public final class AutoRestartLog implements RestartLog {
    private final Path file;
    private boolean checked;

    public AutoRestartLog(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void append(RestartRecord record) {
        try {
            if (!checked) {
                PrivateFiles.file(file); // 0600, also for a file an older version left 0644
                checked = true;
            }
            Files.writeString(file, record.logLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
