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
    public void append(RestartRecord record) {
        write(record.logLine());
    }

    /**
     * issue 17: the log of one program of the pair: its lines name it ({@code program=keeper})
     * right after the time, and go to the same file as the other's.
     */
    public RestartLog program(String name) {
        java.util.Objects.requireNonNull(name, "name is null");
        return record -> {
            String line = record.logLine();
            int sp = line.indexOf(' ');
            write(line.substring(0, sp) + " program=" + name + line.substring(sp));
        };
    }

    private synchronized void write(String line) {
        try {
            if (!checked) {
                PrivateFiles.file(file); // 0600, also for a file an older version left 0644
                checked = true;
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
