package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The CLI's way into a running supervisor: reads {@code run/web.port} and
 * {@code run/control.token} under {@code ULTRA_HOME} and POSTs to the control endpoints.
 */
public final class ControlClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** What the server answered to an accepted request. */
    public record Response(int statusCode, String body) {
    }

    /** The new child after {@link #restartAndWait}: its PID and state ({@code running}). */
    public record RestartOutcome(long childPid, String state, int restarts) {
    }

    /** How the client waits between polls; tests pass one that counts instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final URI base;
    private final ControlToken token;
    private final HttpClient http;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    private ControlClient(URI base, ControlToken token, LongSupplier nanoTime, Sleeper sleeper) {
        this.base = base;
        this.token = token;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
    }

    /** The same client, waiting through the given time source (tests). */
    ControlClient withTime(LongSupplier newNanoTime, Sleeper newSleeper) {
        return new ControlClient(base, token, newNanoTime, newSleeper);
    }

    /**
     * A client for the supervisor of {@code ultraHome}. Fails when its web server is not running
     * (no {@code run/web.port}, or one left by a supervisor that is gone) or the token is unreadable.
     */
    public static ControlClient forHome(Path ultraHome) throws ControlClientException {
        requireNonNull(ultraHome, "ultraHome is null");
        Path runDir = ultraHome.resolve("run");
        WebPortFile where = endpoint(runDir).orElseThrow(() -> new ControlClientException(
                "the supervisor's web server is not running (no " + runDir.resolve(WebPortFile.FILE_NAME) + ")"));
        if (!where.writerAlive()) {
            throw new ControlClientException("the supervisor's web server is not running (stale "
                    + runDir.resolve(WebPortFile.FILE_NAME) + ": pid " + where.pid() + " is gone)");
        }
        ControlToken token;
        try {
            token = ControlToken.read(runDir.resolve(ControlToken.FILE_NAME));
        } catch (WebServerException e) {
            throw new ControlClientException(e.getMessage(), e);
        }
        String host = where.host().contains(":") ? "[" + where.host() + "]" : where.host();
        return new ControlClient(URI.create("http://" + host + ":" + where.port() + "/"), token,
                System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    /** True when {@code run/web.port} names a live supervisor: use the API, else fall back. */
    public static boolean available(Path ultraHome) {
        try {
            return endpoint(ultraHome.resolve("run")).map(WebPortFile::writerAlive).orElse(false);
        } catch (ControlClientException e) {
            return false;
        }
    }

    private static Optional<WebPortFile> endpoint(Path runDir) throws ControlClientException {
        try {
            return WebPortFile.read(runDir);
        } catch (IOException | IllegalArgumentException e) {
            throw new ControlClientException("cannot read " + runDir.resolve(WebPortFile.FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    public URI baseUri() {
        return base;
    }

    /** POST /restart: the supervisor restarts the child with reason {@code manual}. */
    public Response restart() throws ControlClientException {
        return post("restart");
    }

    /**
     * {@link #restart()}, then polls {@code /status} until the restart count went up and the
     * new child is {@code running}. A child that ends {@code fatal} again, or is not running
     * within {@code timeout}, is an error with the reason.
     */
    public RestartOutcome restartAndWait(Duration timeout) throws ControlClientException {
        requireNonNull(timeout, "timeout is null");
        int before = status().child().restarts();
        restart();
        return awaitRestarted(StatusSnapshot::child, before, timeout, "the child failed fatally again: ",
                "restart requested, but the child was not running within ", "the restart");
    }

    /**
     * POST /restart-keeper (issue 17), then polls {@code /status} until the keeper's restart
     * count went up and it is {@code running} again.
     */
    public RestartOutcome restartKeeperAndWait(Duration timeout) throws ControlClientException {
        requireNonNull(timeout, "timeout is null");
        StatusSnapshot.Child k = status().keeper();
        if (k == null) {
            throw new ControlClientException("this supervisor runs no keeper (keeper.enabled: false, or a"
                    + " child.command of one's own without keeper.command)");
        }
        int before = k.restarts();
        post("restart-keeper");
        return awaitRestarted(StatusSnapshot::keeper, before, timeout, "the keeper failed fatally: ",
                "keeper restart requested, but the keeper was not running within ", "the keeper restart");
    }

    /** Polls {@code /status} until {@code program}'s restart count passed {@code before} and it runs (or is fatal). */
    private RestartOutcome awaitRestarted(java.util.function.Function<StatusSnapshot, StatusSnapshot.Child> program,
            int before, Duration timeout, String fatal, String late, String what) throws ControlClientException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (true) {
            StatusSnapshot.Child c = program.apply(status());
            if (c == null) {
                throw new ControlClientException("the keeper section left the status document");
            }
            int restarts = c.restarts();
            String state = c.state().jsonName();
            if (restarts > before && c.state() == ChildState.RUNNING) {
                return new RestartOutcome(c.pid() == null ? 0 : c.pid(), state, restarts);
            }
            if (restarts > before && c.state() == ChildState.FATAL) {
                throw new ControlClientException(fatal + (c.fatalReason() == null ? "no reason given" : c.fatalReason()));
            }
            if (nanoTime.getAsLong() - deadline >= 0) {
                throw new ControlClientException(late + Durations.format(timeout) + " (state " + state + ")");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControlClientException("interrupted while waiting for " + what, e);
            }
        }
    }

    public Response stopChild() throws ControlClientException {
        return post("stop-child");
    }

    public Response startChild() throws ControlClientException {
        return post("start-child");
    }

    /** GET /status: the live status document (no token needed), e.g. to wait for the new child. */
    public StatusSnapshot status() throws ControlClientException {
        Response r = send("status", HttpRequest.newBuilder(base.resolve("status")).timeout(REQUEST_TIMEOUT).GET().build());
        try {
            return StatusJson.read(r.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ControlClientException("the supervisor's /status is not a status document: " + e.getMessage(), e);
        }
    }

    private Response post(String action) throws ControlClientException {
        return send(action, HttpRequest.newBuilder(base.resolve(action)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.value())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response send(String action, HttpRequest req) throws ControlClientException {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ControlClientException("cannot reach the supervisor at " + base + ": connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw new ControlClientException("the supervisor at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw new ControlClientException("cannot reach the supervisor at " + base + ": connection refused", e);
        } catch (IOException e) {
            throw new ControlClientException("cannot reach the supervisor at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlClientException("interrupted while asking the supervisor to " + action, e);
        }
        int code = resp.statusCode();
        if (code == 401) {
            throw new ControlClientException("the supervisor refused " + token.file() + " (401): was the token file replaced?");
        }
        if (code < 200 || code > 299) {
            throw new ControlClientException("the supervisor answered " + code + " to " + action + ": " + errorText(resp.body()));
        }
        return new Response(code, resp.body());
    }

    private static String errorText(String body) {
        try {
            JsonNode n = HttpResponses.mapper().readTree(body);
            if (n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: show it as it came
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
