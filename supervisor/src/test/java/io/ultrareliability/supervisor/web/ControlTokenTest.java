package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlTokenTest {
    @TempDir
    Path home;

    @Test
    void createdOnFirstStartWithMode0600And32RandomBytes() throws Exception {
        Path run = home.resolve("run");
        ControlToken t = ControlToken.loadOrCreate(run);
        Path file = run.resolve("control.token");
        assertThat(t.file()).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        String content = Files.readString(file).strip();
        assertThat(content).matches("[A-Za-z0-9_-]{43}").isEqualTo(t.value());
        assertThat(java.util.Base64.getUrlDecoder().decode(content)).hasSize(32);
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("control.token");
        }
    }

    @Test
    void reusedWhenPresent() {
        Path run = home.resolve("run");
        String first = ControlToken.loadOrCreate(run).value();
        assertThat(ControlToken.loadOrCreate(run).value()).isEqualTo(first);
        assertThat(ControlToken.loadOrCreate(home.resolve("other")).value()).isNotEqualTo(first);
    }

    @Test
    void matchesOnlyTheExactToken() {
        ControlToken t = ControlToken.loadOrCreate(home);
        assertThat(t.matches(t.value())).isTrue();
        assertThat(t.matches(t.value() + "x")).isFalse();
        assertThat(t.matches(t.value().substring(1))).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.matches(null)).isFalse();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ControlToken t = ControlToken.loadOrCreate(home);
        assertThat(t.toString()).doesNotContain(t.value()).contains("control.token");
    }

    @Test
    void aFileReadableByOthersIsRefusedWithAClearMessage() throws Exception {
        ControlToken t = ControlToken.loadOrCreate(home);
        Files.setPosixFilePermissions(t.file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ControlToken.loadOrCreate(home))
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("control.token is accessible by group or others (mode 0644)")
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining(t.value());
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path file = home.resolve("control.token");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        assertThatThrownBy(() -> ControlToken.loadOrCreate(home))
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("control.token is empty");
    }

    @Test
    void aShortHandWrittenTokenIsRefused() throws Exception {
        Path file = home.resolve("control.token");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "hunter2\n");
        assertThatThrownBy(() -> ControlToken.loadOrCreate(home))
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("does not hold a usable token")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aSymlinkIsRefused() throws Exception {
        Path target = home.resolve("elsewhere");
        Files.writeString(target, "x".repeat(40));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path run = Files.createDirectory(home.resolve("run"));
        Files.createSymbolicLink(run.resolve("control.token"), target);
        assertThatThrownBy(() -> ControlToken.loadOrCreate(run))
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void readingAMissingFileSaysSo() {
        assertThatThrownBy(() -> ControlToken.read(home.resolve("control.token")))
                .isInstanceOf(WebServerException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void concurrentFirstStartsAgreeOnOneToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                Path run = home.resolve("race-" + round);
                CyclicBarrier barrier = new CyclicBarrier(4);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        barrier.await(5, TimeUnit.SECONDS);
                        return ControlToken.loadOrCreate(run).value();
                    }));
                }
                Set<String> values = new HashSet<>();
                for (Future<String> f : results) {
                    values.add(f.get(10, TimeUnit.SECONDS));
                }
                assertThat(values).as("round %d", round).hasSize(1);
                assertThat(Files.readString(run.resolve("control.token")).strip()).isEqualTo(values.iterator().next());
                try (var files = Files.list(run)) {
                    assertThat(files.count()).as("no temp files left").isEqualTo(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
