package io.ultrareliability.supervisor.scripts;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is, seen from a module's tests (Maven runs them in the module folder). */
final class Repo {
    private Repo() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/ultra-reliability"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no checkout above " + Path.of("").toAbsolutePath());
    }
}
