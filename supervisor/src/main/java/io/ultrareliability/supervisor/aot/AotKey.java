package io.ultrareliability.supervisor.aot;

import io.ultrareliability.supervisor.config.DefaultChild;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What an AOT cache was trained for: the JDK, the JVM flags and every jar on the class path
 * (size and modification time). The cache is only used while this text is unchanged.
 *
 * <p>Why our own key: JDK 25.0.1 was seen here to start from a cache trained on an older
 * {@code bot.jar} and run the <em>old</em> classes from it, although the jar had been rebuilt
 * (docs/supervisor.md, "AOT cache"). A rebuilt bot must never run stale code.
 */
public final class AotKey {
    private AotKey() {
    }

    /** The key for the default child now; IOException when the jar cannot be read. */
    public static String of(DefaultChild child, JavaRelease release) throws IOException {
        StringBuilder key = new StringBuilder();
        key.append("java ").append(release.version()).append(' ').append(Path.of(child.java()).toRealPath()).append('\n');
        key.append("flags ").append(String.join(" ", child.withAotCache(Path.of("CACHE")))).append('\n');
        for (Path jar : classPath(child.jar())) {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            key.append("jar ").append(jar.getFileName()).append(' ').append(a.size()).append(' ')
                    .append(a.lastModifiedTime().toMillis()).append('\n');
        }
        return key.toString();
    }

    /** The bot jar and the jars of its {@code lib/} folder (its manifest Class-Path), sorted. */
    static List<Path> classPath(Path jar) throws IOException {
        List<Path> jars = new ArrayList<>();
        jars.add(jar);
        Path lib = jar.toAbsolutePath().getParent().resolve("lib");
        if (Files.isDirectory(lib)) {
            List<Path> libs = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(lib, "*.jar")) {
                s.forEach(libs::add);
            }
            libs.sort(null);
            jars.addAll(libs);
        }
        return jars;
    }
}
