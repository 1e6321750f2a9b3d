package io.ultrareliability.supervisor.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion with a deadline; output and exit code for asserts. */
record ProcessRun(int exitCode, String stdout, String stderr) {
    static ProcessRun run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = new java.util.concurrent.CompletableFuture<String>();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> readInto(out, outText));
        Thread.ofVirtual().start(() -> readInto(err, errText));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new ProcessRun(p.exitValue(), outText.join(), errText.join());
    }

    private static void readInto(java.io.InputStream in, java.util.concurrent.CompletableFuture<String> sink) {
        try (in) {
            sink.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            sink.complete("<unreadable: " + e.getMessage() + ">");
        }
    }
}
