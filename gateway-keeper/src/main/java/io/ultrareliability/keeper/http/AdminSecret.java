package io.ultrareliability.keeper.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret of the keeper's admin routes: {@code run/keeper-admin.secret}, created 0600 on
 * first start (created with those permissions, never chmod-ed after the fact) and reused. A
 * file readable by group or others is refused: anyone who can read it can drive the keeper.
 */
public final class AdminSecret {
    public static final String FILE_NAME = "keeper-admin.secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] value;

    private AdminSecret(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    public static AdminSecret loadOrCreate(Path runDir) throws IOException {
        requireNonNull(runDir, "runDir is null");
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException raced) {
                // Another keeper start made it first: read theirs below.
            }
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER")) {
                throw new IOException(file + " is readable or writable by group or others (" 
                        + PosixFilePermissions.toString(perms) + "): chmod 600 it");
            }
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.length() < 32) {
            throw new IOException(file + " holds fewer than 32 characters: delete it to get a new secret");
        }
        return new AdminSecret(value);
    }

    /** {@code Authorization: Bearer <secret>}, compared in constant time. */
    public boolean authorizes(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = authorizationHeader.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(value, presented);
    }
}
