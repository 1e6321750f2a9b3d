package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's crash loop: the simulator allows 20 IDENTIFYs per window, the bot keeps a reserve
 * of 5. The test kills the bot with kill -9 again and again (the supervisor restarts it each
 * time, so every new process identifies), and once kills the supervisor too. The ledger under
 * run/ survives both, so the bots stop at 15: the simulator never resets the token. The bot
 * that waits for the reset is reported not ready with its reason (status file, status CLI),
 * is not restarted by the supervisor, and connects by itself when the window resets.
 */
class IdentifyBudgetE2eIT {
    private static final int LIMIT = 20;
    private static final int RESERVE = 5;
    private static final Duration WINDOW = Duration.ofSeconds(90);
    private static final int SPENT_ELSEWHERE = 10;

    private static long ledgerIdentifies(Stack stack) throws java.io.IOException {
        return Files.readAllLines(stack.home.resolve("run/identify-ledger.txt")).stream()
                .filter(l -> l.startsWith("identify ")).count();
    }

    private static JsonNode simBudget(Stack stack) {
        E2e.Answer a = E2e.get(stack.sim.controlUrl() + "identify-budget", Duration.ofSeconds(3));
        return a.status() == 200 ? a.json() : E2e.JSON.missingNode();
    }

    /**
     * One IDENTIFY with the bot's token from outside the bot (as another process, a keeper or a
     * second shard would): Discord's {@code remaining} counts it, the bot's ledger does not.
     */
    private static void identifyElsewhere(Stack stack) throws Exception {
        String gateway = E2e.get(stack.sim.restBase() + "/gateway", Duration.ofSeconds(3)).json().path("url").asText();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(
                    java.net.URI.create(gateway + "?v=10&encoding=json"), new java.net.http.WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w,
                                CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                if (text.indexOf("\"READY\"") >= 0) {
                                    ready.complete(null);
                                }
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"op\":2,\"d\":{\"token\":\"" + stack.token
                    + "\",\"intents\":512,\"properties\":{}}}", true).get(5, TimeUnit.SECONDS);
            ready.get(10, TimeUnit.SECONDS);
            ws.abort();
        } finally {
            http.shutdownNow();
        }
    }

    private static boolean waiting(Stack stack) {
        JsonNode s = stack.status();
        return s != null && s.path("child").path("identify_budget").path("waiting_until").isTextual();
    }

    @Test
    void aCrashLoopWithTheSupervisorKilledMidwayStopsAtTheReserveAndRecoversByItself() throws Exception {
        try (Stack stack = Stack.builder("identify-budget").env("DISCORD_IDENTIFY_RESERVE", Integer.toString(RESERVE))
                .set("restart.initial_delay=100ms").set("restart.max_delay=300ms").start()) {
            // the supervisor handed the bot its control token: POST /reconnect needs it
            String reconnect = "http://127.0.0.1:" + stack.healthPort + "/reconnect?wait=15s";
            assertThat(E2e.post(reconnect, Duration.ofSeconds(20)).status()).as("without the token").isEqualTo(401);
            String token = Files.readString(stack.home.resolve("run/control.token")).strip();
            java.net.http.HttpResponse<String> forced = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(reconnect))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(forced.statusCode()).as("with run/control.token: %s", forced.body()).isIn(200, 202);
            stack.awaitRecovered(Duration.ofSeconds(20), "the forced reconnect");
            stack.sim.fault("identify-limit?limit=" + LIMIT);
            stack.sim.fault("identify-reset?ms=" + WINDOW.toMillis());
            // a bot's cold start takes 5-15 s on a loaded 2-core machine: to keep the test short,
            // 10 of the 20 are spent from outside the bot, so its crash loop meets the reserve
            // after 5 more (all IDENTIFYs in the window count, whoever sent them)
            for (int i = 0; i < SPENT_ELSEWHERE; i++) {
                identifyElsewhere(stack);
            }
            assertThat(simBudget(stack).path("remaining").asInt()).isEqualTo(LIMIT - SPENT_ELSEWHERE);
            long botIdentifiesBefore = ledgerIdentifies(stack);
            AtomicInteger lowest = new AtomicInteger(LIMIT);
            AtomicBoolean exhausted = new AtomicBoolean();
            AtomicBoolean watching = new AtomicBoolean(true);
            CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
                while (watching.get()) {
                    JsonNode b = simBudget(stack);
                    if (b.has("remaining")) {
                        lowest.accumulateAndGet(b.path("remaining").asInt(), Math::min);
                        exhausted.compareAndSet(false, b.path("exhausted").asBoolean());
                    }
                    E2e.sleepMs(100);
                }
            });
            try {
                int kills = 0;
                boolean supervisorKilled = false;
                long t0 = System.nanoTime();
                while (!waiting(stack)) {
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("time to reach the reserve")
                            .isLessThan(Duration.ofSeconds(90));
                    int remaining = simBudget(stack).path("remaining").asInt();
                    long pid = stack.childPid();
                    if (kills == 2 && !supervisorKilled) {
                        // kill -9 of the supervisor: its bot stops by itself; a new supervisor starts a new bot
                        Procs.signal(stack.supervisor().pid(), "KILL");
                        supervisorKilled = true;
                        stack.awaitTrue(Duration.ofSeconds(15), "the orphaned bot " + pid + " to exit",
                                () -> !Procs.alive(pid));
                        stack.launchSupervisor();
                    } else {
                        Procs.signal(pid, "KILL");
                        kills++;
                    }
                    stack.awaitTrue(Duration.ofSeconds(30), "a new bot that identifies or waits for its budget",
                            () -> simBudget(stack).path("remaining").asInt(LIMIT) < remaining || waiting(stack));
                }
                int remainingAtWait = simBudget(stack).path("remaining").asInt();
                // every IDENTIFY of every bot process is in the ledger, through kill -9 of bots and supervisor
                assertThat(ledgerIdentifies(stack) - botIdentifiesBefore)
                        .as("IDENTIFYs the killed bots recorded vs. what the simulator counted from them")
                        .isEqualTo((LIMIT - SPENT_ELSEWHERE) - remainingAtWait);
                // The bot's view of `remaining` (a cached read minus the IDENTIFYs it recorded since)
                // can be one lower than the simulator's across kill -9s, so it may stop one early
                // (seen once in CI: 6). That is safe; going below the reserve is the failure.
                assertThat(remainingAtWait).isBetween(RESERVE, RESERVE + 1);
                JsonNode status = stack.status();
                long waitingPid = status.path("child").path("pid").asLong();
                int restarts = stack.historySize();
                JsonNode budget = status.path("child").path("identify_budget");
                assertThat(budget.path("total").asInt()).isEqualTo(LIMIT);
                assertThat(budget.path("remaining").asInt()).isLessThanOrEqualTo(RESERVE);
                assertThat(budget.path("reason").asText()).contains("reserve of " + RESERVE);
                assertThat(stack.cli(Duration.ofSeconds(20), "status").output()).contains("WAITING for Discord's reset");
                assertThat(supervisorKilled).isTrue();

                // waiting: not restarted, however long it takes, and connected by itself after the reset
                stack.awaitRecovered(WINDOW.plusSeconds(30), "the window's reset");
                assertThat(stack.childPid()).as("the bot that waited is the one that connected").isEqualTo(waitingPid);
                assertThat(stack.historySize()).as("restarts while waiting").isEqualTo(restarts);
                assertThat(stack.botLog() + stack.supervisorLog()).doesNotContain(stack.token);
            } finally {
                watching.set(false);
                watch.get(10, TimeUnit.SECONDS);
            }
            assertThat(exhausted.get()).as("the simulator reset the token").isFalse();
            assertThat(lowest.get()).as("lowest remaining the simulator saw").isGreaterThanOrEqualTo(RESERVE);
        }
    }
}
