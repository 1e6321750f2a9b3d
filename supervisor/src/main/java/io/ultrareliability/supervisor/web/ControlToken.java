package io.ultrareliability.supervisor.web;

import io.ultrareliability.common.secret.SecretFile;
import io.ultrareliability.common.secret.SecretFileException;
import java.nio.file.Path;

/**
 * The bearer token that authorizes state-changing requests: {@code run/control.token}, made on
 * first start (32 random bytes, base64url) with mode 0600 from the moment it exists, and reused
 * afterwards. Whoever can read that file may restart the bot; nobody else can. The file itself
 * is common's {@link SecretFile} (the keeper's admin secret is the same thing).
 */
public final class ControlToken {
    public static final String FILE_NAME = "control.token";
    /** Tokens written by hand must be at least this long. */
    static final int MIN_LENGTH = SecretFile.MIN_LENGTH;

    private static final SecretFile.Spec SPEC =
            new SecretFile.Spec(FILE_NAME, "token", " (is the supervisor's web server running?)");

    private final SecretFile secret;

    private ControlToken(SecretFile secret) {
        this.secret = secret;
    }

    /** Reads {@code runDir/control.token}, or creates it (and {@code runDir}) when absent. */
    public static ControlToken loadOrCreate(Path runDir) {
        try {
            return new ControlToken(SecretFile.loadOrCreate(runDir, SPEC));
        } catch (SecretFileException e) {
            throw new WebServerException(e.getMessage(), e);
        }
    }

    /** Reads an existing token file; a missing, empty or group/other-accessible file is an error. */
    public static ControlToken read(Path file) {
        try {
            return new ControlToken(SecretFile.read(file, SPEC));
        } catch (SecretFileException e) {
            throw new WebServerException(e.getMessage(), e);
        }
    }

    /** Constant-time comparison (both sides hashed first, so not even the length leaks). */
    public boolean matches(String presented) {
        return secret.matches(presented);
    }

    public Path file() {
        return secret.file();
    }

    /** The secret itself: only for {@link ControlClient}'s Authorization header. */
    String value() {
        return secret.value();
    }

    @Override
    public String toString() {
        return "ControlToken[" + secret.file() + "]";
    }
}
