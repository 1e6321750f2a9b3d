package io.ultrareliability.supervisor.process;

import java.io.IOException;

/**
 * The child's program cannot be executed at all (not found, not a file, not executable):
 * retrying cannot help until someone fixes it, so this is {@code fatal}, not a crash (systemd
 * fails the unit with 203/EXEC instead of restarting it).
 */
public final class NotExecutableException extends IOException {
    public NotExecutableException(String message) {
        super(message);
    }
}
