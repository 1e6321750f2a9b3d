package io.ultrareliability.common.secret;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
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
 * A local secret that authorizes state-changing requests (the supervisor's
 * {@code run/control.token}, the keeper's {@code run/keeper-admin.secret}): made on first start
 * (32 random bytes, base64url) with mode 0600 from the moment it exists, reused afterwards, and
 * refused when group or others may touch it (whoever can read it can drive the program).
 * Compared in constant time. Neither the value nor a part of it ever reaches a message.
 */
public final class SecretFile {
    /** Secrets written by hand must be at least this long. */
    public static final int MIN_LENGTH = 32;

    /**
     * What the secret is called: its file name, the noun in messages ("token", "secret"), and
     * a hint appended when the file is missing (who makes it).
     */
    public record Spec(String fileName, String noun, String missingHint) {
        public Spec {
            requireNonNull(fileName, "fileName is null");
            requireNonNull(noun, "noun is null");
            requireNonNull(missingHint, "missingHint is null");
            if (fileName.isEmpty() || fileName.contains("/")) {
                throw new IllegalArgumentException("fileName must be a plain file name, got '" + fileName + "'");
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final String value;
    private final byte[] digest;

    private SecretFile(Path file, String value) {
        this.file = file;
        this.value = value;
        this.digest = sha256(value);
    }

    /** Reads {@code dir/fileName}, or creates it (and {@code dir}) when absent. */
    public static SecretFile loadOrCreate(Path dir, Spec spec) {
        requireNonNull(dir, "dir is null");
        requireNonNull(spec, "spec is null");
        Path file = dir.resolve(spec.fileName());
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                SecretFile created = create(dir, file, spec);
                if (created != null) {
                    return created;
                }
            }
        } catch (IOException e) {
            throw new SecretFileException("cannot create " + file + ": " + describe(e), e);
        }
        return read(file, spec);
    }

    /** Reads an existing secret file; a missing, empty or group/other-accessible file is an error. */
    public static SecretFile read(Path file, Spec spec) {
        requireNonNull(file, "file is null");
        requireNonNull(spec, "spec is null");
        String noun = spec.noun();
        try {
            PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
                throw new SecretFileException(file + " is not a regular file; delete it to create a new " + noun);
            }
            Set<PosixFilePermission> perms = attrs.permissions();
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new SecretFileException(file + " is accessible by group or others (mode "
                        + mode(perms) + "); run chmod 600 on it, or delete it to create a new " + noun);
            }
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (value.isEmpty()) {
                throw new SecretFileException(file + " is empty; delete it to create a new " + noun);
            }
            if (value.length() < MIN_LENGTH || !value.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new SecretFileException(file + " does not hold a usable " + noun + " (needs at least "
                        + MIN_LENGTH + " printable characters, no spaces); delete it to create a new one");
            }
            return new SecretFile(file, value);
        } catch (NoSuchFileException e) {
            throw new SecretFileException(file + " does not exist" + spec.missingHint(), e);
        } catch (AccessDeniedException e) {
            throw new SecretFileException("cannot read " + file + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new SecretFileException(file + " does not hold a usable " + noun
                    + " (not ASCII); delete it to create a new one", e);
        } catch (IOException e) {
            throw new SecretFileException("cannot read " + file + ": " + describe(e), e);
        }
    }

    /**
     * Writes a fresh secret to a private temp file, then links it into place: the secret file
     * never exists with other permissions and never exists empty. Returns null when another
     * process won the race (its file is then read instead).
     */
    private static SecretFile create(Path dir, Path file, Spec spec) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path tmp = dir.resolve("." + spec.fileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
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
            return new SecretFile(file, value);
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

    /** The secret itself: only for a client's Authorization header, never for a message. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SecretFile[" + file + "]";
    }

    /** Octal mode of {@code perms}, e.g. {@code 0644}. */
    public static String mode(Set<PosixFilePermission> perms) {
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
