package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged library ({@code target/gateway-sim.jar}) is what the bot ships for demo mode and
 * AOT training: no main class, no command-line parser, no logging implementation and no
 * logging configuration (a log4j2.xml here would compete with the embedding process's own).
 * The standalone simulator is the gateway-sim-cli module.
 */
class LibraryJarIT {
    private static final Path JAR = Path.of("target", "gateway-sim.jar");

    @Test
    void carriesNoMainClassNoLoggingConfigAndNoCliCode() throws IOException {
        assertThat(JAR).as("library jar (ITs run after package)").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).as("Main-Class").isNull();
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).as("the library's own classes are in the jar").contains(
                    "io/ultrareliability/sim/GatewaySim.class", "io/ultrareliability/sim/testkit/DiscordJsProbe.class");
            assertThat(names).as("logging configuration or CLI code in the library")
                    .noneMatch(n -> n.startsWith("log4j2") || n.startsWith("logback") || n.startsWith("simplelogger")
                            || n.startsWith("io/ultrareliability/sim/cli/"));
        }
    }

    @Test
    void dependsOnTheLoggingApiOnlyAndNotOnPicocli() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            List<String> entries = Arrays.stream(classPath.split(" ")).map(e -> e.substring(e.lastIndexOf('/') + 1))
                    .toList();
            assertThat(entries).as("runtime dependencies").anyMatch(e -> e.startsWith("slf4j-api-"))
                    .anyMatch(e -> e.startsWith("jetty-server-"))
                    .noneMatch(e -> e.startsWith("picocli-") || e.startsWith("log4j-"));
        }
    }
}
