package io.ultrareliability.supervisor.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LockHoldersTest {
    private static final String TABLE = """
            1: POSIX  ADVISORY  READ 4242 fd:01:1234 0 EOF
            1: -> POSIX  ADVISORY  WRITE 777 fd:01:1234 0 EOF
            2: FLOCK  ADVISORY  WRITE 99 fd:01:9999 0 EOF
            3: OFDLCK ADVISORY  WRITE -1 fd:01:1234 0 EOF
            4: POSIX  ADVISORY  WRITE 55 fd:02:1234 0 EOF
            """;

    @Test
    void grantedLocksOnTheInodeOnlyNotWaitersNotOtherDevices() {
        List<LockHolders.Holder> h = LockHolders.parse(TABLE, 0xfd, 1, 1234);
        assertThat(h).extracting(LockHolders.Holder::pid).containsExactly(4242L, -1L);
        assertThat(h.get(0).mode()).isEqualTo("READ");
        assertThat(h.get(0).kind()).isEqualTo("POSIX");
    }

    @Test
    void theDescriptionNamesTheKindOfLock() {
        List<LockHolders.Holder> h = LockHolders.parse(TABLE, 0xfd, 1, 1234);
        String d = LockHolders.describe(h);
        assertThat(d).contains("pid 4242 (").contains("a shared POSIX lock").contains("no pid: OFD lock");
        assertThat(LockHolders.describe(List.of())).contains("no process listed");
    }

    @Test
    void ourOwnLockOnAFileIsSeen() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("lockholders", ".lock");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE);
                var l = ch.lock()) {
            assertThat(LockHolders.heldBy(f, ProcessHandle.current().pid())).isTrue();
        } finally {
            java.nio.file.Files.delete(f);
        }
        assertThat(LockHolders.of(f)).isEmpty();
    }
}
