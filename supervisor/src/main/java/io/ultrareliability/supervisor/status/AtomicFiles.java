package io.ultrareliability.supervisor.status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Replaces a file so that readers see the old or the new content, never half of one. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a temp file beside the target, fsyncs it, renames it over the target. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * @param durable fsync the file and its directory; without it a crash of the machine
     *        may lose the update, but readers still never see a partial file
     */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        write(target, content, durable, PrivateFiles.FILE);
    }

    /** @param perms the new file's mode (the temp file is created with it, so no reader sees more) */
    public static void write(Path target, byte[] content, boolean durable, Set<PosixFilePermission> perms)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(tmp); // a leftover keeps its old mode; a fresh file gets perms
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PrivateFiles.attribute(perms))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            PrivateFiles.tighten(tmp, perms); // the umask may have removed a group bit we meant
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (!durable) {
            return;
        }
        // The rename itself is durable once the directory is synced.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories for sync; the rename still happened.
        }
    }
}
