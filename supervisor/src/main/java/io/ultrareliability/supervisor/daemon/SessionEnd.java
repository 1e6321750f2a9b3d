package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.lock.PidFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this shutdown ends the Discord session, and ending it (issue 17). {@code stop} writes
 * {@code run/stop-ends-session} holding the supervisor's PID before its SIGTERM (run/ is 0700:
 * only the owner can); a SIGTERM from anyone else (systemctl restart, an upgrade) finds no file
 * naming us and keeps the session resumable (the keeper closes upstream with 4900). A file
 * naming another PID is a leftover of an earlier {@code stop} and is ignored.
 *
 * <p>Ending: the keeper's {@code POST /admin/stop?end_session=true} with
 * {@code run/keeper-admin.secret}: the keeper closes upstream with 1000 (Discord shows the bot
 * offline) and forgets the session. The keeper sets this before it answers 202, so the SIGTERM
 * the supervisor sends right after does not undo it.
 */
final class SessionEnd {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEnd.class);
    static final String SECRET_FILE = "keeper-admin.secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SessionEnd() {
    }

    /** True when {@code marker} names this process. */
    static boolean requested(Path marker, long ownPid) {
        try {
            return Files.readString(marker, StandardCharsets.UTF_8).strip().equals(Long.toString(ownPid));
        } catch (IOException e) {
            return false;
        }
    }

    static void clear(Path marker) {
        PidFiles.deleteQuietly(marker);
    }

    /** @return whether the keeper accepted (202); failures are logged, the stop goes on */
    static boolean endSession(int keeperPort, Path runDir) {
        requireNonNull(runDir, "runDir is null");
        String secret;
        try {
            secret = Files.readString(runDir.resolve(SECRET_FILE), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            LOG.warn("stop: cannot read {} ({}): the keeper stops without ending the Discord session",
                    runDir.resolve(SECRET_FILE), e.getMessage());
            return false;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keeperPort
                        + "/admin/stop?end_session=true"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            int code = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code == 202) {
                LOG.info("stop: the keeper ends the Discord session (the bot goes offline)");
                return true;
            }
            LOG.warn("stop: the keeper answered {} to /admin/stop?end_session=true: the session stays resumable", code);
        } catch (IOException e) {
            LOG.warn("stop: cannot reach the keeper on port {} ({}): the session stays resumable", keeperPort,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
