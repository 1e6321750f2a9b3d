package io.ultrareliability.supervisor.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before spawning, that the child's program can be executed, as execvp would find it. */
public final class Executables {
    private Executables() {
    }

    /**
     * @param program child.command's first element
     * @param workdir the child's working directory (a relative path with a slash is resolved there)
     * @param path the child's PATH
     * @return null when it can be executed, else a one-line reason
     */
    public static String problem(String program, Path workdir, String path) {
        if (program.isBlank()) {
            return "child.command names no program";
        }
        if (program.contains("/")) {
            return fileProblem(workdir.resolve(program), program);
        }
        String searched = path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path;
        for (String dir : searched.split(File.pathSeparator)) {
            Path candidate = (dir.isEmpty() ? workdir : workdir.resolve(dir)).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return null;
            }
        }
        return "child.command: '" + program + "' not found in PATH (" + searched + ")";
    }

    private static String fileProblem(Path file, String shown) {
        if (!Files.exists(file)) {
            return "child.command: " + shown + " does not exist";
        }
        if (Files.isDirectory(file)) {
            return "child.command: " + shown + " is a directory";
        }
        if (!Files.isExecutable(file)) {
            return "child.command: " + shown + " is not executable (chmod +x, or run it through its interpreter)";
        }
        return null;
    }
}
