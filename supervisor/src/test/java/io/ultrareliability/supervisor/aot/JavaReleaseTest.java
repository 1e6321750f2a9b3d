package io.ultrareliability.supervisor.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaReleaseTest {
    @ParameterizedTest
    @CsvSource({
        "'JAVA_VERSION=\"25.0.1\"', 25.0.1, 25, true",
        "'IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.9\"\nOS_NAME=\"Linux\"', 21.0.9, 21, false",
        "'JAVA_VERSION=\"1.8.0_392\"', 1.8.0_392, 8, false",
        "'JAVA_VERSION=\"26-ea\"', 26-ea, 26, true",
        "'JAVA_VERSION=25', 25, 25, true",
    })
    void readsTheFeatureRelease(String file, String version, int feature, boolean aot) {
        Optional<JavaRelease> r = JavaRelease.parse(file.replace("\\n", "\n"));
        assertThat(r).contains(new JavaRelease(version, feature));
        assertThat(r.get().supportsAotCache()).isEqualTo(aot);
    }

    @ParameterizedTest
    @CsvSource({"''", "'OS_NAME=\"Linux\"'", "'JAVA_VERSION=\"abc\"'"})
    void unknownWithoutAReadableVersion(String file) {
        assertThat(JavaRelease.parse(file)).isEmpty();
    }

    @Test
    void readsTheReleaseFileBesideBin(@TempDir Path dir) throws Exception {
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.2\"\n");
        assertThat(JavaRelease.of(java)).contains(new JavaRelease("25.0.2", 25));
        assertThat(JavaRelease.of(dir.resolve("missing/bin/java"))).isEmpty();
    }

    @Test
    void theRunningJdkHasOne() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(JavaRelease.of(java)).map(JavaRelease::feature).contains(Runtime.version().feature());
    }
}
