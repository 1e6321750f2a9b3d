package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue 17: only `stop`'s marker naming this supervisor ends the session, through the keeper's admin route. */
class SessionEndTest {
    @TempDir
    Path run;

    @Test
    void onlyAMarkerNamingThisProcessAsksToEndTheSession() throws Exception {
        Path marker = run.resolve("stop-ends-session");
        assertThat(SessionEnd.requested(marker, 42)).as("no marker: a plain SIGTERM").isFalse();
        Files.writeString(marker, "41\n");
        assertThat(SessionEnd.requested(marker, 42)).as("an earlier supervisor's").isFalse();
        Files.writeString(marker, "42\n");
        assertThat(SessionEnd.requested(marker, 42)).isTrue();
        SessionEnd.clear(marker);
        assertThat(marker).doesNotExist();
    }

    @Test
    void endingPostsAdminStopWithTheSecretAndReportsTheAnswer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        int[] answer = {202};
        HttpServer keeper = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        keeper.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders()
                    .getFirst("Authorization"));
            ex.sendResponseHeaders(answer[0], -1);
            ex.close();
        });
        keeper.start();
        try {
            int port = keeper.getAddress().getPort();
            assertThat(SessionEnd.endSession(port, run)).as("no secret file: not even asked").isFalse();
            assertThat(seen).isEmpty();
            Files.writeString(run.resolve("keeper-admin.secret"), "s3cret\n");
            assertThat(SessionEnd.endSession(port, run)).isTrue();
            assertThat(seen).containsExactly("POST /admin/stop?end_session=true Bearer s3cret");
            answer[0] = 401;
            assertThat(SessionEnd.endSession(port, run)).isFalse();
        } finally {
            keeper.stop(0);
        }
        assertThat(SessionEnd.endSession(keeper.getAddress().getPort(), run)).as("nobody listening").isFalse();
    }
}
