package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.lock.LockHolders;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.lock.PidFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import io.ultrareliability.supervisor.probe.HealthPortOwner;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, rows 5 and 6: the single-instance lock holds when its file is deleted or replaced,
 * a second supervisor never touches a live bot it does not own, and a lock held by something
 * else is named and never reported as "already running".
 */
class SingleInstanceIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path lock() {
        return home.resolve("run/supervisor.lock");
    }

    private void awaitLockHeldBy(long pid) {
        ItSupport.await("pid " + pid + " to hold the file run/supervisor.lock names now", WAIT,
                () -> LockHolders.heldBy(lock(), pid) ? true : null);
    }

    @Test
    void deletingOrReplacingTheLockFileNeverLetsASecondSupervisorTouchTheBot() throws Exception {
        sup.config("").start();
        long first = sup.process.pid();
        long child = sup.childPid();

        // The first supervisor re-locks a deleted lock file within 5 s; to see what a newcomer does in
        // between (its JVM may take longer than that to start here), the first one is paused meanwhile.
        ItSupport.signal(first, "STOP");
        try {
            Files.delete(lock());
            assertThat(cli("run")).as(err()).isEqualTo(4);
            assertThat(err()).contains("already running (pid " + first + ")").contains("still owns this home");
            assertThat(ItSupport.alive(child)).as("the first supervisor's bot").isTrue();
            assertThat(PidFiles.read(home.resolve("run/supervisor.pid")).pid()).isEqualTo(first);

            // Lock file and PID file gone: the bot's parent still tells whose it is.
            Files.delete(lock());
            Files.delete(home.resolve("run/supervisor.pid"));
            assertThat(cli("run")).as(err()).isEqualTo(4);
            assertThat(err()).contains("child pid " + child + " is alive and still supervised by pid " + first);
            assertThat(ItSupport.alive(child)).isTrue();
        } finally {
            ItSupport.signal(first, "CONT");
        }
        ItSupport.await("the first supervisor to write its PID file again", WAIT, () -> {
            ProcessIdentity id = PidFiles.read(home.resolve("run/supervisor.pid"));
            return id != null && id.pid() == first ? true : null;
        });
        awaitLockHeldBy(first);
        assertThat(sup.supervisorLog()).contains("had been deleted or replaced: locked the file that path names now");

        // Replaced, with the first one running: whoever comes next finds it in charge.
        Path planted = home.resolve("run/planted");
        Files.writeString(planted, "");
        Files.move(planted, lock(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(cli("run")).as(err()).isEqualTo(4);
        assertThat(err()).contains("already running (pid " + first + ")");
        awaitLockHeldBy(first);

        assertThat(cli("ensure-running")).as(err()).isZero();
        assertThat(cli("status")).isZero();
        assertThat(sup.childPid()).isEqualTo(child);
        assertThat(ItSupport.alive(child)).isTrue();
        assertThat(sup.process.isAlive()).isTrue();
        assertThat(sup.supervisorLog()).doesNotContain("a child of a previous supervisor is still alive");
        // Only the owner removes the PID file: it is there while the first one runs, gone after it.
        assertThat(sup.terminate(WAIT)).isZero();
        assertThat(home.resolve("run/supervisor.pid")).doesNotExist();
        assertThat(ItSupport.alive(child)).isFalse();
    }

    @Test
    void aSharedLockHeldBySomethingElseIsNamedAndNeverReportedAsRunning() throws Exception {
        sup.config("");
        Files.createDirectories(home.resolve("run"));
        // An older version's world-readable lock file, and another process's shared POSIX lock on it.
        Files.writeString(lock(), "");
        Files.setPosixFilePermissions(lock(), PosixFilePermissions.fromString("rw-r--r--"));
        long self = ProcessHandle.current().pid();
        try (FileChannel ch = FileChannel.open(lock(), StandardOpenOption.READ);
                FileLock shared = ch.lock(0, Long.MAX_VALUE, true)) {
            assertThat(shared.isShared()).isTrue();
            assertThat(cli("start", "--timeout", "30s")).as(out() + err()).isEqualTo(1);
            assertThat(err()).contains("is locked by pid " + self).contains("a shared POSIX lock")
                    .contains("not a supervisor of this home");
            assertThat(out()).doesNotContain("already running");
            assertThat(cli("ensure-running")).as(out() + err()).isEqualTo(1);
            assertThat(err()).contains("is locked by pid " + self);
            assertThat(cli("status")).isEqualTo(3);
        }
        // Released: it starts, and the files are private.
        assertThat(cli("start", "--timeout", "60s")).as(out() + err()).isZero();
        assertThat(cli("status")).isZero();
        assertThat(mode(home.resolve("run"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("logs"))).isEqualTo("rwx------");
        assertThat(mode(lock())).isEqualTo("rw-------");
        assertThat(mode(home.resolve("run/supervisor.pid"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("ultra_reliability_status.json"))).isEqualTo("rw-r-----");
        assertThat(mode(home.resolve("logs/ultra_reliability.log"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("logs/bot.log"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("logs/supervisor.out"))).isEqualTo("rw-------");
        sup.trackChild(sup.childPid());
        assertThat(cli("stop")).isZero();
    }

    /** The probe of a newcomer whose child could not bind the port: the old bot's answer is not its. */
    @Test
    void aHealthAnswerFromAProcessOutsideTheChildsTreeIsForeign() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/health");
            assertThat(HealthPortOwner.foreign(url, other.pid())).contains("answered by pid " + ProcessHandle.current().pid() + ", not by child pid " + other.pid());
            assertThat(HealthPortOwner.foreign(url, ProcessHandle.current().pid())).isNull();
        } finally {
            other.destroyForcibly();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
