package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bearer token that authorizes state-changing requests: {@code run/control.token}, made on
 * first start (32 random bytes, base64url) with mode 0600 from the moment it exists, and reused
 * afterwards. Whoever can read that file may restart the bot; nobody else can.
 */
public final class ControlToken {
    public static final String FILE_NAME = "control.token";
    /** Tokens written by hand must be at least this long. */
    static final int MIN_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final String value;
    private final byte[] digest;

    private ControlToken(Path file, String value) {
        this.file = file;
        this.value = value;
        this.digest = sha256(value);
    }

    /** Reads {@code runDir/control.token}, or creates it (and {@code runDir}) when absent. */
    public static ControlToken loadOrCreate(Path runDir) {
        requireNonNull(runDir, "runDir is null");
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                ControlToken created = create(runDir, file);
                if (created != null) {
                    return created;
                }
            }
        } catch (IOException e) {
            throw new WebServerException("cannot create " + file + ": " + describe(e), e);
        }
        return read(file);
    }

    /** Reads an existing token file; a missing, empty or group/other-accessible file is an error. */
    public static ControlToken read(Path file) {
        requireNonNull(file, "file is null");
        try {
            PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
                throw new WebServerException(file + " is not a regular file; delete it to create a new token");
            }
            Set<PosixFilePermission> perms = attrs.permissions();
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new WebServerException(file + " is accessible by group or others (mode "
                        + mode(perms) + "); run chmod 600 on it, or delete it to create a new token");
            }
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (value.isEmpty()) {
                throw new WebServerException(file + " is empty; delete it to create a new token");
            }
            if (value.length() < MIN_LENGTH || !value.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new WebServerException(file + " does not hold a usable token (needs at least "
                        + MIN_LENGTH + " printable characters, no spaces); delete it to create a new one");
            }
            return new ControlToken(file, value);
        } catch (NoSuchFileException e) {
            throw new WebServerException(file + " does not exist (is the supervisor's web server running?)", e);
        } catch (AccessDeniedException e) {
            throw new WebServerException("cannot read " + file + ": permission denied", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WebServerException(file + " does not hold a usable token (not ASCII); delete it to create a new one", e);
        } catch (IOException e) {
            throw new WebServerException("cannot read " + file + ": " + describe(e), e);
        }
    }

    /**
     * Writes a fresh token to a private temp file, then links it into place: the token file
     * never exists with other permissions and never exists empty. Returns null when another
     * process won the race (its file is then read instead).
     */
    private static ControlToken create(Path runDir, Path file) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path tmp = runDir.resolve("." + FILE_NAME + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                return null;
            } catch (UnsupportedOperationException e) {
                // No hard links on this file system: a plain rename, which never replaces a file.
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    return null;
                }
            }
            return new ControlToken(file, value);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Constant-time comparison (both sides hashed first, so not even the length leaks). */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    public Path file() {
        return file;
    }

    /** The secret itself: only for {@link ControlClient}'s Authorization header. */
    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "ControlToken[" + file + "]";
    }

    static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", m);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
