package io.ultrareliability.keeper.http;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.secret.SecretFile;
import io.ultrareliability.common.secret.SecretFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The secret of the keeper's admin routes: {@code run/keeper-admin.secret}, common's
 * {@link SecretFile} (created 0600 on first start, never chmod-ed after the fact, and reused;
 * refused when group or others may touch it: anyone who can read it can drive the keeper).
 */
public final class AdminSecret {
    public static final String FILE_NAME = "keeper-admin.secret";
    private static final SecretFile.Spec SPEC = new SecretFile.Spec(FILE_NAME, "secret", "");

    private final SecretFile secret;

    private AdminSecret(SecretFile secret) {
        this.secret = secret;
    }

    /** Reads {@code runDir/keeper-admin.secret}, or creates it; a file it cannot use is an IOException (one line). */
    public static AdminSecret loadOrCreate(Path runDir) throws IOException {
        requireNonNull(runDir, "runDir is null");
        try {
            return new AdminSecret(SecretFile.loadOrCreate(runDir, SPEC));
        } catch (SecretFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** {@code Authorization: Bearer <secret>}, compared in constant time. */
    public boolean authorizes(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        return secret.matches(authorizationHeader.substring(7).strip());
    }
}
