package io.ultrareliability.supervisor.systemd;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to systemd's {@code NOTIFY_SOCKET}. Java's own unix-domain channels are
 * stream-only and sd_notify needs a datagram socket, so this calls libc through JNA (already
 * on the class path for OSHI). A fresh socket per message, as libsystemd's sd_notify does:
 * notifications are rare and this keeps no descriptor open across forks.
 */
final class NotifySocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    /** The few libc calls we need. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

        int close(int fd);
    }

    private static volatile LibC libc;

    private final byte[] address;
    private final int addressLength;
    private final String description;

    /**
     * @param socketPath the value of {@code NOTIFY_SOCKET}: a path, or {@code @name} for
     *     the abstract namespace
     */
    NotifySocket(String socketPath) {
        requireNonNull(socketPath, "socketPath is null");
        byte[] path = socketPath.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = socketPath.startsWith("@");
        if (path.length == 0 || path.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException(
                    "NOTIFY_SOCKET must be 1 to " + (SUN_PATH_MAX - 1) + " bytes, not " + path.length);
        }
        // struct sockaddr_un { sa_family_t sun_family (host order); char sun_path[108]; }
        address = new byte[2 + SUN_PATH_MAX];
        address[0] = (byte) AF_UNIX;
        address[1] = 0;
        System.arraycopy(path, 0, address, 2, path.length);
        if (isAbstract) {
            address[2] = 0; // abstract names start with a NUL byte and carry no terminator
            addressLength = 2 + path.length;
        } else {
            addressLength = 2 + path.length + 1;
        }
        description = socketPath;
    }

    void send(String message) throws IOException {
        LibC c = libc();
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open a unix datagram socket (errno " + Native.getLastError() + ")");
        }
        try {
            long sent = c.sendto(fd, data, data.length, MSG_NOSIGNAL, address, addressLength);
            if (sent != data.length) {
                throw new IOException("sd_notify to " + description + " failed (errno " + Native.getLastError() + ")");
            }
        } finally {
            c.close(fd);
        }
    }

    private static LibC libc() {
        LibC c = libc;
        if (c == null) {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        return c;
    }
}
