package io.ultrareliability.supervisor.status;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Modes of what the supervisor keeps on disk: run/ and logs/ 0700, the lock, PID, log files
 * 0600, the status file 0640 (group monitoring may read it; its child output is masked).
 * Files created by an older version with the umask's 0644 are tightened on the next start.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> STATUS = PosixFilePermissions.fromString("rw-r-----");

    private PrivateFiles() {
    }

    public static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }

    /** Creates the directory (0700) or tightens an existing one we own. */
    public static void directory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, attribute(DIR));
        } catch (FileAlreadyExistsException e) {
            tighten(dir, DIR);
        }
        // The umask may have removed bits; 0700 is what we mean.
        tighten(dir, DIR);
    }

    /** Creates an empty 0600 file, or tightens an existing one; never follows a planted symlink's mode. */
    public static void file(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            tighten(file, FILE);
        }
    }

    /** Sets {@code perms} when the mode differs; a file we do not own is left alone (chmod would fail). */
    public static void tighten(Path p, Set<PosixFilePermission> perms) {
        try {
            if (Files.isSymbolicLink(p)) {
                return;
            }
            if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(perms)) {
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours, or gone: the caller's own open reports what matters
        }
    }
}
